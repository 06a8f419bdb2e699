using Mede.ML.Neural;
using Mede.ML.Neural.Autograd;
using Mede.ML.Neural.Distributions;
using Mede.ML.Neural.Layers;

namespace Mede.ML.Networks;

/// <summary>
/// The policy pi(a|s,z): an MLP from [s, z] to the mean and log standard deviation of a Gaussian whose samples are
/// squashed by tanh into the unit cube (-1, 1)^n, reparameterised as a = tanh(mu + sigma * eps) (SAC, Haarnoja et
/// al. 2018). Its log-probability includes the tanh correction.
/// </summary>
public sealed class SquashedGaussianActor
{
    /// <summary>Creates the actor with PyTorch's default initialisation.</summary>
    /// <param name="input">How observations and agents enter the network.</param>
    /// <param name="actionSize">The action length n.</param>
    /// <param name="hiddenSizes">The hidden layer widths.</param>
    /// <param name="generator">The initialisation stream.</param>
    public SquashedGaussianActor(AgentEncoding input, int actionSize, IReadOnlyList<int> hiddenSizes, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentOutOfRangeException.ThrowIfLessThan(actionSize, 1);
        Input = input;
        ActionSize = actionSize;
        Network = Mlp.Create([input.Width, .. hiddenSizes, 2 * actionSize], Activation.ReLU, generator);
    }

    /// <summary>How observations and agents enter the network.</summary>
    public AgentEncoding Input { get; }

    /// <summary>The action length n.</summary>
    public int ActionSize { get; }

    /// <summary>The MLP: [rows, input width] to [rows, 2n], the mean then the log standard deviation.</summary>
    public Sequential Network { get; }

    /// <summary>The Gaussian's mean and log standard deviation (before the squash) for encoded inputs.</summary>
    /// <param name="input">Rows built by <see cref="AgentEncoding.Encode"/>.</param>
    public (Tensor Mean, Tensor LogStd) Forward(Tensor input)
    {
        Tensor output = Network.Forward(input);
        return (output.Slice(0, ActionSize), output.Slice(ActionSize, ActionSize));
    }

    /// <summary>Reparameterised actions in (-1, 1) and their log-probabilities, with noise drawn from <paramref name="noise"/>.</summary>
    /// <param name="input">Rows built by <see cref="AgentEncoding.Encode"/>.</param>
    /// <param name="noise">The stream eps ~ N(0, 1) is drawn from.</param>
    public (Tensor Action, Tensor LogProbability) Sample(Tensor input, Generator noise)
    {
        ArgumentNullException.ThrowIfNull(noise);
        Tensor eps = Tensor.Empty(input.Rows, ActionSize);
        noise.FillNormal(eps.Data);
        return Sample(input, eps);
    }

    /// <summary>Reparameterised actions in (-1, 1) and their log-probabilities for noise drawn beforehand (the update
    /// draws both of its samplings' noise first, so that the two can run on different threads in any order).</summary>
    /// <param name="input">Rows built by <see cref="AgentEncoding.Encode"/>.</param>
    /// <param name="eps">eps ~ N(0, 1), [rows, actions], a constant.</param>
    public (Tensor Action, Tensor LogProbability) Sample(Tensor input, Tensor eps)
    {
        var (mean, logStd) = Forward(input);
        return SquashedGaussian.Sample(mean, logStd, eps);
    }

    /// <summary>The deterministic action tanh(mu).</summary>
    /// <param name="input">Rows built by <see cref="AgentEncoding.Encode"/>.</param>
    public Tensor Mode(Tensor input) => SquashedGaussian.Mode(Forward(input).Mean);

    /// <summary>One action of agent <paramref name="agent"/> in the unit cube: a sample, or the mode when deterministic.</summary>
    /// <param name="observation">The observation.</param>
    /// <param name="agent">The agent z.</param>
    /// <param name="deterministic">Whether to take the mode tanh(mu) instead of sampling.</param>
    /// <param name="noise">The stream sampling draws from (not touched when deterministic).</param>
    /// <param name="action">Receives the action in (-1, 1).</param>
    public void Act(ReadOnlySpan<float> observation, int agent, bool deterministic, Generator noise, Span<float> action)
    {
        using TapeScope scope = Tape.Scope();
        using (Tensor.NoGrad())
        {
            Tensor input = Input.EncodeRow(observation, agent);
            Tensor chosen = deterministic ? Mode(input) : Sample(input, noise).Action;
            chosen.Data.CopyTo(action);
        }
    }

    /// <summary>One sampled action of agent <paramref name="agent"/> in the unit cube, drawn as
    /// <see cref="Act"/> draws it (the same noise), and its log-probability under the squashed Gaussian.</summary>
    /// <param name="observation">The observation.</param>
    /// <param name="agent">The agent z.</param>
    /// <param name="noise">The stream the sample draws from.</param>
    /// <param name="action">Receives the action in (-1, 1).</param>
    /// <returns>log pi(a|s,z), tanh correction included.</returns>
    public float Sample(ReadOnlySpan<float> observation, int agent, Generator noise, Span<float> action)
    {
        using TapeScope scope = Tape.Scope();
        using (Tensor.NoGrad())
        {
            var (chosen, logProbability) = Sample(Input.EncodeRow(observation, agent), noise);
            chosen.Data.CopyTo(action);
            return logProbability.Data[0];
        }
    }
}
