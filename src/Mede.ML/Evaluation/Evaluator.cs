using Mede.ML.Environments;
using Mede.ML.Policies;
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
        using IEnvironment environment = environmentFactory();
        var observation = new float[environment.ObservationSpace.Dimension];
        var action = new float[environment.ActionSpace.Dimension];
        var result = new List<float[][]>();
        for (int e = 0; e < episodes; e++)
        {
            environment.Reset(e == 0 ? seed : null, observation);
            var path = new List<float[]> { (float[])observation.Clone() };
            while (true)
            {
                policy.Act(observation, action, deterministic);
                StepResult step = environment.Step(action, observation);
                path.Add((float[])observation.Clone());
                if (step.Done)
                {
                    break;
                }
            }

            result.Add([.. path]);
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
        var results = new List<AgentEvaluation>();
        var reached = new HashSet<int>();
        bool hasGoals = false;
        for (int k = 0; k < policies.Count; k++)
        {
            using IEnvironment environment = environmentFactory();
            IPolicy policy = policies[k];
            var observation = new float[environment.ObservationSpace.Dimension];
            var action = new float[environment.ActionSpace.Dimension];
            var returns = new double[episodes];
            int[]? goalCounts = environment is MultiGoal m ? new int[m.Goals.Count] : null;
            hasGoals |= goalCounts is not null;
            for (int e = 0; e < episodes; e++)
            {
                environment.Reset(e == 0 ? seed + (ulong)k : null, observation);
                double total = 0;
                int length = 0;
                while (true)
                {
                    policy.Act(observation, action, deterministic);
                    float[]? before = recorder is null ? null : (float[])observation.Clone();
                    StepResult result = environment.Step(action, observation);
                    total += result.Reward;
                    recorder?.RecordTransition(new TransitionRecord(
                        k, e, length, before!, (float[])action.Clone(), result.Reward, (float[])observation.Clone(), result.Terminated, result.Truncated));
                    length++;
                    if (result.Done)
                    {
                        int goal = -1;
                        if (goalCounts is not null && ((MultiGoal)environment).ReachedGoal is int g && g >= 0)
                        {
                            goalCounts[g]++;
                            reached.Add(g);
                            goal = g;
                        }

                        recorder?.RecordEpisode(new EpisodeRecord(0, k, e, total, length, result.Terminated, goal));
                        break;
                    }
                }

                returns[e] = total;
            }

            double mean = returns.Average();
            double std = Math.Sqrt(returns.Average(r => (r - mean) * (r - mean)));
            results.Add(new AgentEvaluation(k, episodes, mean, std, returns.Max(), goalCounts));
        }

        return new EvaluationReport(results, deterministic, hasGoals ? reached.Count : null);
    }
}
