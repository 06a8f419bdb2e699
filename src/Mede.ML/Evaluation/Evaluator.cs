using Mede.ML.Environments;
using Mede.ML.Policies;
using Mede.ML.Rollouts;
using Mede.ML.Training;

namespace Mede.ML.Evaluation;

/// <summary>Runs evaluation episodes for each agent and summarises them.</summary>
public static class Evaluator
{
    /// <summary>Records the observations of <paramref name="episodes"/> episodes of one policy (start observation
    /// included), for plots such as MultiGoal's paths.</summary>
    public static IReadOnlyList<float[][]> RecordObservations(IPolicy policy, Func<IEnvironment> environmentFactory, int episodes, bool deterministic = false, ulong seed = 1_000_003)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(environmentFactory);
        using var rollouts = new RolloutCollector(environmentFactory, agents: 1);
        rollouts.Reset(seed);
        var action = new float[rollouts.ActionSize];
        var result = new List<float[][]>();
        var path = new List<float[]> { rollouts.Observation(0).ToArray() };
        void Book(in RolloutStep step)
        {
            path.Add(step.NextObservation.ToArray());
            if (step.Done)
            {
                result.Add([.. path]);
                path = [];
            }
        }

        while (result.Count < episodes)
        {
            if (path.Count == 0)
            {
                path.Add(rollouts.Observation(0).ToArray());
            }

            policy.Act(rollouts.Observation(0), action, deterministic);
            rollouts.Step(action, active: default, step: 0, Book);
        }

        return result;
    }

    /// <summary>Runs <paramref name="episodes"/> episodes per policy in fresh environments.</summary>
    /// <param name="policies">One policy per agent.</param>
    /// <param name="environmentFactory">Creates the evaluation environment.</param>
    /// <param name="episodes">Episodes per agent (the paper uses 50).</param>
    /// <param name="deterministic">Act with each policy's mode.</param>
    /// <param name="seed">Seeds the environments (agent k uses seed + k).</param>
    /// <param name="recorder">Receives every step and episode of the rollouts (e.g. the run store), or null.</param>
    public static EvaluationReport Evaluate(IReadOnlyList<IPolicy> policies, Func<IEnvironment> environmentFactory, int episodes = 50, bool deterministic = false, ulong seed = 1_000_003, IRolloutRecorder? recorder = null)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(environmentFactory);
        ArgumentOutOfRangeException.ThrowIfLessThan(episodes, 1);
        int agents = policies.Count;

        // Agent k plays its episodes in copy k (first reset with seed + k); a copy stops once its agent has played them.
        using var rollouts = new RolloutCollector(environmentFactory, agents);
        rollouts.Reset(seed);
        int n = rollouts.ActionSize;
        var actions = new float[agents * n];
        var active = new bool[agents];
        var returns = new double[agents, episodes];
        var played = new int[agents];
        var totals = new double[agents];
        var lengths = new int[agents];
        // The states each agent visits, episode by episode (for the overlap of behaviours), and the sum of
        // -log pi(a|s) of its sampled actions (for its policy entropy).
        var visited = Enumerable.Range(0, agents).Select(_ => new List<float[][]>()).ToArray();
        var path = Enumerable.Range(0, agents).Select(_ => new List<float[]>()).ToArray();
        var surprise = new double[agents];
        var sampled = new long[agents];
        var travelled = rollouts.Environments[0] is ITravelEnvironment
            ? Enumerable.Range(0, agents).Select(_ => new List<(double X, double Y)>()).ToArray()
            : null;
        int goalCount = rollouts.Environments[0] is IGoalEnvironment goals ? goals.GoalCount : 0;
        int[][]? goalCounts = goalCount > 0 ? [.. Enumerable.Range(0, agents).Select(_ => new int[goalCount])] : null;
        void Book(in RolloutStep step)
        {
            int k = step.Agent;
            totals[k] += step.Reward;
            float[] observation = step.Observation.ToArray(), next = step.NextObservation.ToArray();
            recorder?.RecordTransition(new TransitionRecord(
                k, played[k], lengths[k], observation, step.Action.ToArray(), step.Reward, next, step.Terminated, step.Truncated));
            lengths[k]++;
            path[k].Add(observation);
            if (!step.Done)
            {
                return;
            }

            // The path ends with the state the episode ended in (on MultiGoal, the goal), as the run store's paths do.
            path[k].Add(next);
            visited[k].Add([.. path[k]]);
            path[k].Clear();

            travelled?[k].Add(rollouts.FinalTravel(k));
            if (goalCounts is not null && step.Goal >= 0)
            {
                goalCounts[k][step.Goal]++;
            }

            recorder?.RecordEpisode(new EpisodeRecord(0, k, played[k], totals[k], lengths[k], step.Terminated, step.Goal));
            returns[k, played[k]++] = totals[k];
            totals[k] = 0;
            lengths[k] = 0;
        }

        while (played.Any(p => p < episodes))
        {
            for (int k = 0; k < agents; k++)
            {
                active[k] = played[k] < episodes;
                if (!active[k])
                {
                    continue;
                }

                if (!deterministic && policies[k] is IStochasticPolicy stochastic)
                {
                    surprise[k] -= stochastic.Sample(rollouts.Observation(k), actions.AsSpan(k * n, n));
                    sampled[k]++;
                }
                else
                {
                    policies[k].Act(rollouts.Observation(k), actions.AsSpan(k * n, n), deterministic);
                }
            }

            rollouts.Step(actions, active, step: 0, Book);
        }

        BehaviourOverlap? overlap = BehaviourOverlap.Measure(visited, lastIsTimeLeft: rollouts.Environments[0].ObservesRemainingTime);
        var results = new List<AgentEvaluation>();
        for (int k = 0; k < agents; k++)
        {
            double[] own = [.. Enumerable.Range(0, episodes).Select(e => returns[k, e])];
            double mean = own.Average();
            double std = Math.Sqrt(own.Average(r => (r - mean) * (r - mean)));
            results.Add(new AgentEvaluation(k, episodes, mean, std, own.Max(), goalCounts?[k])
            {
                PolicyEntropy = sampled[k] > 0 ? surprise[k] / sampled[k] : null,
                ClosestOverlap = overlap?.ClosestOverlap(k),
                Travel = travelled is null ? null : AgentTravel.From(travelled[k]),
            });
        }

        int? reached = goalCounts is null ? null : Enumerable.Range(0, goalCount).Count(g => goalCounts.Any(c => c[g] > 0));
        return new EvaluationReport(results, deterministic, reached) { Overlap = overlap };
    }
}
