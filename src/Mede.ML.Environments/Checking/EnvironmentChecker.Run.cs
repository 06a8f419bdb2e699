using System.Globalization;
using Mede.ML.Environments.Spaces;
using Mede.ML.Internal;

namespace Mede.ML.Environments.Checking;

// The checks themselves; EnvironmentChecker.cs holds the public entry point and the documentation of each check.
public static partial class EnvironmentChecker
{
    /// <summary>One step as recorded for comparison.</summary>
    private readonly record struct Transition(float[] Observation, float Reward, bool Terminated, bool Truncated, float[] Terms);

    /// <summary>The state of one checker invocation: the factory, the problems found, and the kinds already
    /// reported (a broken environment breaks on every step; one message per kind is enough).</summary>
    private sealed class Run(Func<IEnvironment> create, int steps, ulong seed)
    {
        private readonly List<IEnvironment> _created = [];
        private readonly HashSet<string> _reported = [];

        public List<string> Problems { get; } = [];

        public string Execute()
        {
            IEnvironment first;
            try
            {
                first = Create();
            }
            catch (Exception e)
            {
                Problems.Add($"Create: the factory threw {Describe(e)}.");
                return "(not created)";
            }

            string name = first.Name ?? "(null name)";
            try
            {
                if (!Guard("Spaces", () => CheckSpaces(first)))
                {
                    return name;
                }

                Guard("Determinism", CheckDeterminism);
                Guard("Seeding", CheckSeeding);
                Guard("Flags", CheckEpisodeEnd);
                Guard("Save/Load", CheckSaveLoad);
                Guard("Action validation", CheckActionValidation);
            }
            finally
            {
                foreach (var env in _created)
                {
                    try
                    {
                        env.Dispose();
                    }
                    catch (Exception e)
                    {
                        Problems.Add($"Dispose: threw {Describe(e)}.");
                    }
                }
            }

            return name;
        }

        private IEnvironment Create()
        {
            var env = create() ?? throw new InvalidOperationException("the factory returned null");
            _created.Add(env);
            return env;
        }

        /// <summary>Runs one check; an unexpected exception becomes a problem. Returns false when the check
        /// threw or reported a problem.</summary>
        private bool Guard(string check, Action body)
        {
            int before = Problems.Count;
            try
            {
                body();
            }
            catch (Exception e)
            {
                Problems.Add($"{check}: the check stopped because the environment threw {Describe(e)}.");
            }

            return Problems.Count == before;
        }

        private void Report(string kind, string message)
        {
            if (_reported.Add(kind))
            {
                Problems.Add(message);
            }
        }

        private bool CheckSpaces(IEnvironment env)
        {
            bool usable = true;
            if (env.ObservationSpace is null || env.ObservationSpace.Dimension <= 0)
            {
                Problems.Add($"Spaces: the observation space must have at least one coordinate, got {Show(env.ObservationSpace)}.");
                usable = false;
            }

            Box? action = env.ActionSpace;
            if (action is null || action.Dimension <= 0)
            {
                Problems.Add($"Spaces: the action space must have at least one coordinate, got {Show(action)}.");
                usable = false;
            }
            else if (!action.IsBounded)
            {
                Problems.Add($"Spaces: the action space must have finite bounds (random actions and tanh-squashed policies need them), got {action}.");
                usable = false;
            }
            else
            {
                for (int i = 0; i < action.Dimension; i++)
                {
                    if (!(action.Low[i] < action.High[i]))
                    {
                        Problems.Add($"Spaces: action coordinate {i} has low {action.Low[i]} not below high {action.High[i]}; an action space needs room to act.");
                        usable = false;
                        break;
                    }
                }
            }

            if (env.MaxEpisodeSteps < 1)
            {
                Problems.Add($"Spaces: MaxEpisodeSteps must be at least 1, got {env.MaxEpisodeSteps}.");
                usable = false;
            }

            var names = env.RewardTermNames;
            if (names is null)
            {
                Problems.Add("Reward terms: RewardTermNames is null; report at least one term.");
                usable = false;
            }
            else
            {
                if (names.Any(string.IsNullOrWhiteSpace))
                {
                    Problems.Add("Reward terms: a reward term name is empty.");
                }

                var duplicate = names.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1);
                if (duplicate is not null)
                {
                    Problems.Add($"Reward terms: the term name '{duplicate.Key}' appears more than once.");
                }
            }

            return usable;
        }

        private void CheckDeterminism()
        {
            var a = Rollout(Create(), seed, steps, checkSteps: true);
            var b = Rollout(Create(), seed, steps, checkSteps: false);
            string? difference = FirstDifference(a, b);
            if (difference is not null)
            {
                Problems.Add($"Determinism: two instances reset with seed {seed} and given the same actions diverged: {difference}. " +
                             "Draw all randomness from the seeded stream (EnvironmentBase.NextUniform/NextGaussian), not from shared or global generators.");
            }
        }

        private void CheckSeeding()
        {
            var env = Create();
            var first = new float[env.ObservationSpace.Dimension];
            var other = new float[first.Length];
            env.Reset(seed, first);
            for (ulong k = 1; k <= 3; k++)
            {
                env.Reset(unchecked(seed + k), other);
                if (!BitEqual(first, other))
                {
                    return;
                }
            }

            Problems.Add($"Seeding: Reset with seeds {seed} .. {unchecked(seed + 3)} gave the same first observation [{Show(first)}]; " +
                         "the environment ignores the seed. Draw the start state from the seeded stream.");
        }

        /// <summary>Runs one episode to its end and steps once more, which must throw.</summary>
        private void CheckEpisodeEnd()
        {
            var env = Create();
            int limit = Math.Min(env.MaxEpisodeSteps, LongestEpisodeChecked);
            var actions = ActionStream(unchecked(seed + 1));
            var observation = new float[env.ObservationSpace.Dimension];
            var action = new float[env.ActionSpace.Dimension];
            env.Reset(unchecked(seed + 1), observation);
            CheckObservation(env, observation, "after Reset");
            bool done = false;
            for (int t = 1; t <= limit && !done; t++)
            {
                Sample(ref actions, env.ActionSpace, action);
                var result = env.Step(action, observation);
                CheckStep(env, observation, result, t);
                done = result.Done;
            }

            if (!done)
            {
                // Already reported by CheckStep when the limit was reached; an episode longer than the checked
                // limit is not a problem.
                return;
            }

            try
            {
                Sample(ref actions, env.ActionSpace, action);
                env.Step(action, observation);
                Report("step-after-done", "Flags: Step after the end of an episode returned normally; it must throw InvalidOperationException until Reset.");
            }
            catch (InvalidOperationException)
            {
            }
            catch (Exception e)
            {
                Report("step-after-done", $"Flags: Step after the end of an episode threw {Describe(e)}; it must throw InvalidOperationException.");
            }
        }

        private void CheckSaveLoad()
        {
            var env = Create();
            int before = Math.Max(1, steps / 3);
            int after = Math.Max(1, Math.Min(steps, 100));
            var actions = ActionStream(seed);
            var observation = new float[env.ObservationSpace.Dimension];
            env.Reset(seed, observation);
            Drive(env, ref actions, before, observation, record: null);

            var stream = new MemoryStream();
            using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            {
                env.SaveState(writer);
            }

            byte[] saved = stream.ToArray();
            var actionsAtSave = actions;
            var original = new List<Transition>();
            Drive(env, ref actions, after, observation, original);

            var fresh = Create();
            if (!Load(fresh, saved, "a fresh instance"))
            {
                return;
            }

            var replay = new List<Transition>();
            var replayActions = actionsAtSave;
            Drive(fresh, ref replayActions, after, new float[observation.Length], replay);
            string? difference = FirstDifference(original, replay);
            if (difference is not null)
            {
                Problems.Add($"Save/Load: a fresh instance loaded with the saved state continued differently from the original: {difference}. " +
                             "SaveCoreState must write every piece of state that Step reads.");
                return;
            }

            if (!Load(env, saved, "the same instance"))
            {
                return;
            }

            var again = new List<Transition>();
            replayActions = actionsAtSave;
            Drive(env, ref replayActions, after, observation, again);
            difference = FirstDifference(original, again);
            if (difference is not null)
            {
                Problems.Add($"Save/Load: loading the saved state back into the same instance did not rewind it: {difference}. " +
                             "LoadCoreState must overwrite every piece of state, not only add to it.");
            }
        }

        private bool Load(IEnvironment env, byte[] saved, string where)
        {
            using var reader = new BinaryReader(new MemoryStream(saved));
            try
            {
                env.LoadState(reader);
            }
            catch (Exception e)
            {
                Problems.Add($"Save/Load: LoadState into {where} threw {Describe(e)}.");
                return false;
            }

            if (reader.BaseStream.Position != saved.Length)
            {
                Problems.Add($"Save/Load: LoadState read {reader.BaseStream.Position} of the {saved.Length} bytes SaveState wrote; the formats disagree.");
                return false;
            }

            return true;
        }

        private void CheckActionValidation()
        {
            var env = Create();
            int n = env.ActionSpace.Dimension;
            var observation = new float[env.ObservationSpace.Dimension];
            env.Reset(seed, observation);
            var valid = new float[n];
            var actions = ActionStream(seed);
            Sample(ref actions, env.ActionSpace, valid);

            ExpectRejected(env, new float[n + 1], observation, $"an action of length {n + 1} (expected {n})");
            ExpectRejected(env, new float[n - 1], observation, $"an action of length {n - 1} (expected {n})");
            var nan = (float[])valid.Clone();
            nan[0] = float.NaN;
            ExpectRejected(env, nan, observation, "an action holding NaN");
            if (env is EnvironmentBase { InvalidActions: InvalidActionHandling.Reject })
            {
                var outside = (float[])valid.Clone();
                outside[0] = env.ActionSpace.High[0] + 1f + Math.Abs(env.ActionSpace.High[0]);
                ExpectRejected(env, outside, observation, $"an action outside the box (action[0] = {outside[0]})");
            }
        }

        private void ExpectRejected(IEnvironment env, float[] action, float[] observation, string what)
        {
            try
            {
                env.Step(action, observation);
                Problems.Add($"Action validation: {what} was accepted; it must throw ArgumentException.");
                // The bad step went through, so the episode moved on; restart it for the next case.
                env.Reset(seed, observation);
            }
            catch (ArgumentException)
            {
            }
            catch (Exception e)
            {
                Problems.Add($"Action validation: {what} threw {Describe(e)}; it must throw ArgumentException naming the problem.");
                env.Reset(seed, observation);
            }
        }

        private List<Transition> Rollout(IEnvironment env, ulong resetSeed, int count, bool checkSteps)
        {
            var observation = new float[env.ObservationSpace.Dimension];
            env.Reset(resetSeed, observation);
            if (checkSteps)
            {
                CheckObservation(env, observation, "after Reset");
            }

            var actions = ActionStream(resetSeed);
            var transitions = new List<Transition>(count + 1)
            {
                new((float[])observation.Clone(), 0f, false, false, []),
            };
            Drive(env, ref actions, count, observation, transitions, checkSteps);
            return transitions;
        }

        /// <summary>Steps <paramref name="count"/> times with random actions, resetting (seed continued) when an
        /// episode ends, and records the transitions.</summary>
        private void Drive(IEnvironment env, ref Xoshiro256 actions, int count, float[] observation, List<Transition>? record, bool checkSteps = false)
        {
            var action = new float[env.ActionSpace.Dimension];
            int episodeStep = env.ElapsedSteps;
            for (int t = 0; t < count; t++)
            {
                Sample(ref actions, env.ActionSpace, action);
                var result = env.Step(action, observation);
                episodeStep++;
                if (checkSteps)
                {
                    CheckStep(env, observation, result, episodeStep);
                }

                record?.Add(new((float[])observation.Clone(), result.Reward, result.Terminated, result.Truncated, env.RewardTerms.ToArray()));
                if (result.Done || episodeStep >= env.MaxEpisodeSteps)
                {
                    env.Reset(null, observation);
                    episodeStep = 0;
                    record?.Add(new((float[])observation.Clone(), 0f, false, false, []));
                    if (checkSteps)
                    {
                        CheckObservation(env, observation, "after Reset");
                    }
                }
            }
        }

        private void CheckStep(IEnvironment env, float[] observation, StepResult result, int episodeStep)
        {
            string where = $"at episode step {episodeStep}";
            CheckObservation(env, observation, where);
            if (!float.IsFinite(result.Reward))
            {
                Report("reward-finite", $"Reward: the reward {where} is {Show(result.Reward)}; rewards must be finite.");
            }

            var terms = env.RewardTerms;
            int names = env.RewardTermNames.Count;
            if (terms.Length != names)
            {
                Report("terms-length", $"Reward terms: RewardTerms has {terms.Length} entries but RewardTermNames has {names}.");
            }
            else if (float.IsFinite(result.Reward))
            {
                double sum = 0;
                foreach (float term in terms)
                {
                    sum += term;
                }

                if (!(Math.Abs(result.Reward - sum) <= RewardTolerance * Math.Max(1.0, Math.Abs(result.Reward))))
                {
                    Report("terms-sum", $"Reward terms: the reward {where} is {Show(result.Reward)} but its terms " +
                                        $"[{string.Join(", ", env.RewardTermNames.Zip(terms.ToArray(), (n, v) => $"{n} {Show(v)}"))}] add up to {Show((float)sum)}.");
                }
            }

            if (result.Terminated && result.Truncated)
            {
                Report("both-flags", $"Flags: the step {where} is both terminated and truncated; a terminal state is terminated only (truncation means the episode was cut short).");
            }
            else if (result.Truncated && episodeStep != env.MaxEpisodeSteps)
            {
                Report("early-truncation", $"Flags: truncated {where}, but the time limit MaxEpisodeSteps is {env.MaxEpisodeSteps}; truncate exactly at the limit.");
            }
            else if (!result.Done && episodeStep >= env.MaxEpisodeSteps)
            {
                Report("missing-truncation", $"Flags: the episode reached MaxEpisodeSteps = {env.MaxEpisodeSteps} without being truncated.");
            }

            if (env.ElapsedSteps != episodeStep)
            {
                Report("elapsed", $"Flags: ElapsedSteps is {env.ElapsedSteps} after {episodeStep} steps of the episode.");
            }
        }

        private void CheckObservation(IEnvironment env, float[] observation, string where)
        {
            for (int i = 0; i < observation.Length; i++)
            {
                if (!float.IsFinite(observation[i]))
                {
                    Report("observation-finite", $"Observation: observation[{i}] {where} is {Show(observation[i])}; observations must be finite.");
                    return;
                }
            }

            int bad = env.ObservationSpace.FindViolation(observation);
            if (bad >= 0)
            {
                Report("observation-box", $"Observation: observation[{bad}] = {Show(observation[bad])} {where} lies outside the observation box " +
                                          $"[{env.ObservationSpace.Low[bad]}, {env.ObservationSpace.High[bad]}].");
            }
        }

        private static Xoshiro256 ActionStream(ulong s) => new(s ^ ActionStreamSalt);

        private static void Sample(ref Xoshiro256 random, Box box, float[] action)
        {
            for (int i = 0; i < action.Length; i++)
            {
                float low = box.Low[i], high = box.High[i];
                // Clamped because low + u * (high - low) can round past high in float.
                action[i] = Math.Clamp(low + (float)random.NextDouble() * (high - low), low, high);
            }
        }

        private static string? FirstDifference(List<Transition> a, List<Transition> b)
        {
            for (int t = 0; t < Math.Min(a.Count, b.Count); t++)
            {
                Transition x = a[t], y = b[t];
                if (!BitEqual(x.Observation, y.Observation))
                {
                    return $"record {t}: observation [{Show(x.Observation)}] vs [{Show(y.Observation)}]";
                }

                if (BitConverter.SingleToInt32Bits(x.Reward) != BitConverter.SingleToInt32Bits(y.Reward))
                {
                    return $"record {t}: reward {Show(x.Reward)} vs {Show(y.Reward)}";
                }

                if (x.Terminated != y.Terminated || x.Truncated != y.Truncated)
                {
                    return $"record {t}: terminated/truncated {x.Terminated}/{x.Truncated} vs {y.Terminated}/{y.Truncated}";
                }

                if (!BitEqual(x.Terms, y.Terms))
                {
                    return $"record {t}: reward terms [{Show(x.Terms)}] vs [{Show(y.Terms)}]";
                }
            }

            return a.Count == b.Count ? null : $"the runs recorded {a.Count} and {b.Count} transitions";
        }

        private static bool BitEqual(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
        {
            if (a.Length != b.Length)
            {
                return false;
            }

            for (int i = 0; i < a.Length; i++)
            {
                if (BitConverter.SingleToInt32Bits(a[i]) != BitConverter.SingleToInt32Bits(b[i]))
                {
                    return false;
                }
            }

            return true;
        }

        private static string Describe(Exception e) => $"{e.GetType().Name}: {e.Message}";

        private static string Show(float x) => x.ToString("R", CultureInfo.InvariantCulture);

        private static string Show(float[] x) => string.Join(", ", x.Select(Show));

        private static string Show(Box? box) => box?.ToString() ?? "null";
    }
}
