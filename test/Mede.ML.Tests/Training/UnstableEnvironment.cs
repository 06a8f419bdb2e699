using Mede.ML.Environments;
using Mede.ML.Environments.Spaces;

namespace Mede.ML.Tests.Training;

/// <summary>A one-dimensional walk whose "physics" breaks down on every <c>failEvery</c>-th step of the environment's
/// life, as a MuJoCo bad-state reset would, and whose episodes are <c>maxEpisodeSteps</c> long otherwise: for the
/// training loop's handling of physics failures without MuJoCo.</summary>
internal sealed class UnstableEnvironment(int failEvery, int maxEpisodeSteps = 5) : EnvironmentBase(
    "unstable", Box.Uniform(2, -10f, 10f), Box.Uniform(1, -1f, 1f), maxEpisodeSteps, rewardTermNames: ["position"])
{
    private long _lifetimeSteps;
    private float _position;

    protected override void ResetCore(Span<float> observation)
    {
        _position = (float)(NextUniform() - 0.5);
        observation[0] = _position;
        observation[1] = 0;
    }

    protected override bool StepCore(ReadOnlySpan<float> action, Span<float> observation, Span<float> rewardTerms)
    {
        _lifetimeSteps++;
        _position = Math.Clamp(_position + (0.1f * action[0]), -5f, 5f);
        observation[0] = _position;
        observation[1] = action[0];
        rewardTerms[0] = -Math.Abs(_position);
        if (_lifetimeSteps % failEvery == 0)
        {
            ReportPhysicsFailure("a test failure");
        }

        return false;
    }

    protected override void SaveCoreState(BinaryWriter writer)
    {
        writer.Write(_lifetimeSteps);
        writer.Write(_position);
    }

    protected override void LoadCoreState(BinaryReader reader)
    {
        _lifetimeSteps = reader.ReadInt64();
        _position = reader.ReadSingle();
    }
}
