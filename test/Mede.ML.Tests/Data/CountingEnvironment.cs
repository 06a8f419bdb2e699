using Mede.ML.Environments;
using Mede.ML.Environments.Spaces;

namespace Mede.ML.Tests.Data;

/// <summary>Wraps an environment and counts its resets and steps, to check that adapters are lazy.</summary>
internal sealed class CountingEnvironment(IEnvironment inner) : IEnvironment
{
    public int Resets { get; private set; }

    public int Steps { get; private set; }

    public bool Disposed { get; private set; }

    public string Name => inner.Name;

    public Box ObservationSpace => inner.ObservationSpace;

    public Box ActionSpace => inner.ActionSpace;

    public int MaxEpisodeSteps => inner.MaxEpisodeSteps;

    public int ElapsedSteps => inner.ElapsedSteps;

    public IReadOnlyList<string> RewardTermNames => inner.RewardTermNames;

    public ReadOnlySpan<float> RewardTerms => inner.RewardTerms;

    public void Reset(ulong? seed, Span<float> observation)
    {
        Resets++;
        inner.Reset(seed, observation);
    }

    public StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        Steps++;
        return inner.Step(action, observation);
    }

    public void SaveState(BinaryWriter writer) => inner.SaveState(writer);

    public void LoadState(BinaryReader reader) => inner.LoadState(reader);

    public void Dispose()
    {
        Disposed = true;
        inner.Dispose();
    }
}
