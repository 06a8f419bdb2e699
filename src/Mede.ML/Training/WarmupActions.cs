using Mede.ML.Neural;

namespace Mede.ML.Training;

/// <summary>
/// The random actions of the warm-up, in the unit cube: each coordinate uniform on (-1, 1), independent from step to
/// step (the paper's), or, with a correlation rho above 0, tied to the agent's previous action in the same episode.
/// </summary>
/// <remarks>
/// A correlated coordinate follows an AR(1) Gaussian process, z' = rho z + sqrt(1 - rho^2) e with e ~ N(0, 1), started
/// from N(0, 1) at every episode, so z is standard normal at every step; the action is a = 2 Phi(z) - 1 = erf(z / sqrt 2),
/// uniform on (-1, 1) like the independent one. Only the correlation in time differs. The latent z of every agent is
/// part of a run's state (<see cref="Write"/>), so a run resumed mid-episode draws the same actions.
/// </remarks>
internal sealed class WarmupActions
{
    private readonly float _correlation;
    private readonly float _innovation;
    private readonly int _actionSize;

    // Agent k's latent z at [k * actionSize, (k + 1) * actionSize); NaN until its episode's first action. Null when
    // actions are independent.
    private readonly float[]? _latent;

    /// <summary>Warm-up actions for <paramref name="agents"/> agents.</summary>
    /// <param name="agents">K.</param>
    /// <param name="actionSize">Action length.</param>
    /// <param name="correlation">rho in [0, 1); 0 draws independent actions.</param>
    public WarmupActions(int agents, int actionSize, float correlation)
    {
        if (!(correlation >= 0f && correlation < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(correlation), correlation, "must lie in [0, 1)");
        }

        _correlation = correlation;
        _innovation = MathF.Sqrt(1f - (correlation * correlation));
        _actionSize = actionSize;
        if (correlation > 0f)
        {
            _latent = new float[agents * actionSize];
            Array.Fill(_latent, float.NaN);
        }
    }

    /// <summary>Agent <paramref name="agent"/>'s next action, drawn from <paramref name="random"/>.</summary>
    public void Draw(int agent, Generator random, Span<float> destination)
    {
        if (_latent is null)
        {
            random.FillUniform(destination, -1f, 1f);
            return;
        }

        Span<float> latent = _latent.AsSpan(agent * _actionSize, _actionSize);
        for (int i = 0; i < destination.Length; i++)
        {
            float e = random.NextNormal();
            float z = float.IsNaN(latent[i]) ? e : (_correlation * latent[i]) + (_innovation * e);
            latent[i] = z;
            destination[i] = Erf(z / MathF.Sqrt(2f));
        }
    }

    /// <summary>Agent <paramref name="agent"/>'s episode ended: its next action starts a new process.</summary>
    public void EndEpisode(int agent)
    {
        _latent?.AsSpan(agent * _actionSize, _actionSize).Fill(float.NaN);
    }

    /// <summary>Writes the latent state (nothing when actions are independent).</summary>
    public void Write(BinaryWriter writer)
    {
        foreach (float z in _latent ?? [])
        {
            writer.Write(z);
        }
    }

    /// <summary>Reads what <see cref="Write"/> wrote, for the same agents, action length and correlation.</summary>
    public void Read(BinaryReader reader)
    {
        if (_latent is null)
        {
            return;
        }

        for (int i = 0; i < _latent.Length; i++)
        {
            _latent[i] = reader.ReadSingle();
        }
    }

    /// <summary>The error function, to within 1.5e-7 (Abramowitz and Stegun 7.1.26), odd and in [-1, 1].</summary>
    internal static float Erf(float x)
    {
        double t = 1.0 / (1.0 + (0.3275911 * Math.Abs(x)));
        double polynomial = t * (0.254829592 + (t * (-0.284496736 + (t * (1.421413741 + (t * (-1.453152027 + (t * 1.061405429))))))));
        double magnitude = 1.0 - (polynomial * Math.Exp(-(double)x * x));
        return (float)Math.CopySign(magnitude, x);
    }
}
