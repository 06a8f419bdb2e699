namespace Mede.ML.Neural.Distributions;

/// <summary>
/// The tanh-squashed diagonal Gaussian of SAC: u ~ N(mean, exp(logStd)^2), a = tanh(u), with the exact
/// log-density of a including the change-of-variables correction.
/// </summary>
/// <remarks>
/// <para>log pi(a) = sum_i [ log N(u_i; mean_i, std_i) - log(1 - tanh(u_i)^2) ], and
/// log(1 - tanh(u)^2) = 2 (log 2 - u - softplus(-2u)), which stays finite where 1 - tanh(u)^2 underflows
/// (Haarnoja et al. 2018, Appendix C; the stable form is the one used by Spinning Up and CleanRL).</para>
/// <para>Sampling is reparameterised: u = mean + std * eps with eps ~ N(0, I) given as an input, so the
/// gradient of anything computed from a flows into mean and logStd. Because (u - mean) / std = eps exactly, the
/// Gaussian term is written with eps, which is both cheaper and gradient-exact.</para>
/// </remarks>
public static class SquashedGaussian
{
    /// <summary>Lower bound of log std (as SAC's reference implementation).</summary>
    public const float LogStdMin = -20f;

    /// <summary>Upper bound of log std.</summary>
    public const float LogStdMax = 2f;

    private static readonly float HalfLogTwoPi = 0.5f * MathF.Log(2f * MathF.PI);
    private static readonly float LogTwo = MathF.Log(2f);

    /// <summary>Draws a = tanh(mean + exp(clamp(logStd)) * noise) and its log-probability per row.</summary>
    /// <param name="mean">Means, [batch, actions].</param>
    /// <param name="logStd">Log standard deviations, [batch, actions]; clamped to [<see cref="LogStdMin"/>, <see cref="LogStdMax"/>].</param>
    /// <param name="noise">Standard normal noise eps, [batch, actions] (no gradient).</param>
    /// <returns>The action in (-1, 1)^n and log pi(a) as a [batch, 1] column.</returns>
    public static (Tensor Action, Tensor LogProbability) Sample(Tensor mean, Tensor logStd, Tensor noise)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(logStd);
        ArgumentNullException.ThrowIfNull(noise);
        if (mean.Rows != logStd.Rows || mean.Columns != logStd.Columns || mean.Rows != noise.Rows || mean.Columns != noise.Columns)
        {
            throw new ArgumentException($"SquashedGaussian: mean {mean.Shape}, logStd {logStd.Shape} and noise {noise.Shape} must have one shape.");
        }

        Tensor clamped = logStd.Clamp(LogStdMin, LogStdMax);
        Tensor u = mean + clamped.Exp() * noise;
        Tensor action = u.Tanh();

        // log N(u; mean, std) = -eps^2/2 - log std - log(2 pi)/2, with eps the given noise.
        Tensor gaussian = -0.5f * noise.Square() - clamped - HalfLogTwoPi;

        // log(1 - tanh(u)^2) = 2 (log 2 - u - softplus(-2u)).
        Tensor logJacobian = 2f * (LogTwo - u - (-2f * u).Softplus());
        Tensor logProbability = (gaussian - logJacobian).SumRows();
        return (action, logProbability);
    }

    /// <summary>The deterministic action tanh(mean) (the mode of u, squashed), as used for evaluation.</summary>
    public static Tensor Mode(Tensor mean) => mean.Tanh();

    /// <summary>log pi(a) of a given squashed action, without autograd (for scoring recorded actions). Actions
    /// are clipped to (-1 + 1e-6, 1 - 1e-6) before atanh so that boundary actions give a finite value.</summary>
    public static double LogProbability(ReadOnlySpan<float> mean, ReadOnlySpan<float> logStd, ReadOnlySpan<float> action)
    {
        if (mean.Length != logStd.Length || mean.Length != action.Length)
        {
            throw new ArgumentException($"SquashedGaussian.LogProbability: lengths differ (mean {mean.Length}, logStd {logStd.Length}, action {action.Length}).");
        }

        double total = 0;
        for (int i = 0; i < mean.Length; i++)
        {
            double a = Math.Clamp(action[i], -1.0 + 1e-6, 1.0 - 1e-6);
            double u = Math.Atanh(a);
            double ls = Math.Clamp(logStd[i], LogStdMin, LogStdMax);
            double eps = (u - mean[i]) / Math.Exp(ls);
            double softplus = Math.Max(-2 * u, 0) + Math.Log(1 + Math.Exp(-Math.Abs(-2 * u)));
            total += -0.5 * eps * eps - ls - HalfLogTwoPi - 2 * (Math.Log(2) - u - softplus);
        }

        return total;
    }
}
