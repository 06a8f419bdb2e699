using Mede.ML.Algorithms;
using Mede.ML.Data;

namespace Mede.ML.Training;

// Offline pre-fill: recorded transitions enter the replay buffer(s) before the online run, so the first gradient
// steps already sample them. Used by ReinforcementTrainerBase.Fit when it is given trajectory data.
public sealed partial class TrainingSession
{
    /// <summary>
    /// Adds every row of <paramref name="trajectories"/> to the replay buffer: the one shared buffer in shared mode,
    /// agent z's own buffer (by the row's Agent) in separate mode. Actions must be in the policy's units, the unit
    /// cube [-1, 1]^n (what the learners store and the trajectory views of Mede.ML hold), not the environment's box.
    /// Rewards are stored raw; <see cref="TrainingConfiguration.RewardScale"/> applies when learning, as online.
    /// </summary>
    /// <returns>The number of rows added.</returns>
    /// <exception cref="ArgumentException">The vector sizes differ from the environment's, an Agent is outside
    /// [0, K), or an action lies outside [-1, 1]; the message names the 1-based row and the column.</exception>
    internal int Prefill(TrajectoryDataView trajectories)
    {
        ArgumentNullException.ThrowIfNull(trajectories);
        if (trajectories.ObservationSize != ObservationSize)
        {
            throw new ArgumentException(
                $"Column '{TrajectoryColumns.Observation}' holds vectors of {trajectories.ObservationSize} but the environment's observations have {ObservationSize} values.",
                nameof(trajectories));
        }

        if (trajectories.ActionSize != ActionSize)
        {
            throw new ArgumentException(
                $"Column '{TrajectoryColumns.Action}' holds vectors of {trajectories.ActionSize} but the environment's actions have {ActionSize} values.",
                nameof(trajectories));
        }

        // Check every row before adding any, so a bad row leaves the buffers untouched.
        ReadOnlySpan<int> agents = trajectories.Agents;
        ReadOnlySpan<float> actions = trajectories.Actions;
        for (int row = 0; row < trajectories.RowCount; row++)
        {
            if ((uint)agents[row] >= (uint)Agents)
            {
                throw new ArgumentException(
                    $"Row {row + 1}, column '{TrajectoryColumns.Agent}': agent {agents[row]} is outside [0, {Agents}); the run has {Agents} agent(s).",
                    nameof(trajectories));
            }

            for (int i = 0; i < ActionSize; i++)
            {
                float a = actions[(row * ActionSize) + i];
                if (a is < -1f or > 1f)
                {
                    throw new ArgumentException(
                        $"Row {row + 1}, column '{TrajectoryColumns.Action}', item {i}: {a} lies outside [-1, 1]. Recorded actions must be in the policy's units (the unit cube that the environment's action box is mapped from), not the environment's.",
                        nameof(trajectories));
                }
            }
        }

        bool shared = _options.NetworkMode == NetworkMode.Shared;
        for (int row = 0; row < trajectories.RowCount; row++)
        {
            int agent = agents[row];
            _buffers[shared ? 0 : agent].Add(
                trajectories.GetObservation(row), trajectories.GetAction(row), trajectories.Rewards[row],
                trajectories.GetNextObservation(row), trajectories.Terminated[row], trajectories.Truncated[row], agent);
        }

        return trajectories.RowCount;
    }
}
