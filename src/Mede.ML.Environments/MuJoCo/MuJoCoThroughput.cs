using System.Diagnostics;

namespace Mede.ML.Environments.MuJoCo;

/// <summary>
/// Measures how fast the MuJoCo environments step, against the physics alone, for <c>mede bench env</c>.
/// </summary>
/// <remarks>
/// Both loops apply uniform random actions. The environment loop goes through <see cref="IEnvironment.Step"/>
/// (validation, frame skip, warning check, observation, reward terms) and resets when an episode ends, as training
/// does. The raw loop only writes random controls every frame-skip physics steps, calls <c>mj_step</c>, and resets
/// (<c>mj_resetData</c>) every so many environment-step equivalents: in <see cref="Measure"/>, the environment's mean
/// episode length in the same round, so that both loops simulate alike states. Each thread owns its environment or simulation (the model is shared),
/// threads start together after a warm-up of a fifth of the duration (at most one second), and the rates are summed.
/// The host is often noisy: repeat and report medians.
/// </remarks>
public static class MuJoCoThroughput
{
    /// <summary>Measures the environment and the raw loop over its model, interleaved in rounds (environment, raw,
    /// environment, raw, ...) so that a noisy host slows both alike; reports the median rate of each.</summary>
    /// <param name="factory">Makes one environment per thread.</param>
    /// <param name="duration">Measured time of each loop in each round (after warm-up).</param>
    /// <param name="threads">Threads, each with its own environment.</param>
    /// <param name="rounds">Interleaved rounds (odd counts give a true median).</param>
    public static MuJoCoThroughputResult Measure(Func<MuJoCoEnvironment> factory, TimeSpan duration, int threads = 1, int rounds = 1)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        string name;
        MuJoCoModel model;
        int frameSkip;
        using (MuJoCoEnvironment probe = factory())
        {
            (name, model, frameSkip) = (probe.Name, probe.Model, probe.FrameSkip);
        }

        var environment = new double[rounds];
        var raw = new double[rounds];
        for (int r = 0; r < rounds; r++)
        {
            environment[r] = EnvironmentStepsPerSecond(factory, duration, threads, out double meanEpisode);
            raw[r] = RawStepsPerSecond(model, frameSkip, duration, threads, (int)Math.Clamp(Math.Round(meanEpisode), 1, 1000));
        }

        return new MuJoCoThroughputResult(name, threads, Median(environment), Median(raw));
    }

    /// <summary>Environment steps per second, summed over <paramref name="threads"/> threads each stepping its own
    /// environment with uniform random actions and resetting when an episode ends.</summary>
    public static double EnvironmentStepsPerSecond(Func<IEnvironment> factory, TimeSpan duration, int threads = 1) =>
        EnvironmentStepsPerSecond(factory, duration, threads, out _);

    /// <summary>As <see cref="EnvironmentStepsPerSecond(Func{IEnvironment}, TimeSpan, int)"/>, also reporting the mean
    /// episode length in steps over the measured run (the time limit if no episode ended).</summary>
    public static double EnvironmentStepsPerSecond(Func<IEnvironment> factory, TimeSpan duration, int threads, out double meanEpisodeSteps)
    {
        ArgumentNullException.ThrowIfNull(factory);
        long totalSteps = 0, totalEpisodes = 0;
        var environments = new IEnvironment[threads];
        for (int t = 0; t < threads; t++)
        {
            environments[t] = factory();
        }

        try
        {
            double rate = RunThreads(threads, duration, (t, keepGoing) =>
            {
                IEnvironment env = environments[t];
                var random = new Random(1000 + t);
                var obs = new float[env.ObservationSpace.Dimension];
                var action = new float[env.ActionSpace.Dimension];
                ReadOnlySpan<float> low = env.ActionSpace.Low, high = env.ActionSpace.High;
                env.Reset((ulong)t + 1, obs);
                long steps = 0, episodes = 0;
                while (keepGoing())
                {
                    for (int k = 0; k < 64; k++)
                    {
                        for (int i = 0; i < action.Length; i++)
                        {
                            action[i] = low[i] + random.NextSingle() * (high[i] - low[i]);
                        }

                        if (env.Step(action, obs).Done)
                        {
                            env.Reset(null, obs);
                            episodes++;
                        }
                    }

                    steps += 64;
                }

                Interlocked.Add(ref totalSteps, steps);
                Interlocked.Add(ref totalEpisodes, episodes);
                return steps;
            });

            // Both warm-up and measured runs are counted: only the mean episode length is wanted here.
            meanEpisodeSteps = totalEpisodes > 0 ? (double)totalSteps / totalEpisodes : environments[0].MaxEpisodeSteps;
            return rate;
        }
        finally
        {
            foreach (IEnvironment env in environments)
            {
                env.Dispose();
            }
        }
    }

    /// <summary>The raw physics rate in environment-step equivalents per second (mj_step calls per second over
    /// <paramref name="frameSkip"/>), summed over <paramref name="threads"/> threads each with its own simulation.</summary>
    /// <param name="model">The model.</param>
    /// <param name="frameSkip">Physics steps per environment step.</param>
    /// <param name="duration">Measured time (after warm-up).</param>
    /// <param name="threads">Threads, each with its own simulation.</param>
    /// <param name="resetEvery">Reset the simulation every this many environment-step equivalents; pass the
    /// environment's mean episode length so that both loops spend their time in alike states (a fallen robot has
    /// more contacts than an upright one).</param>
    public static double RawStepsPerSecond(MuJoCoModel model, int frameSkip, TimeSpan duration, int threads = 1, int resetEvery = 1000)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(frameSkip, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(resetEvery, 1);
        var simulations = new MuJoCoSimulation[threads];
        for (int t = 0; t < threads; t++)
        {
            simulations[t] = model.CreateSimulation();
        }

        try
        {
            return RunThreads(threads, duration, (t, keepGoing) =>
            {
                MuJoCoSimulation sim = simulations[t];
                var random = new Random(2000 + t);
                long steps = 0;
                int sinceReset = 0;
                while (keepGoing())
                {
                    for (int k = 0; k < 64; k++)
                    {
                        Span<double> ctrl = sim.Controls;
                        for (int i = 0; i < ctrl.Length; i++)
                        {
                            ctrl[i] = 2 * random.NextDouble() - 1;
                        }

                        sim.Step(frameSkip);
                        if (++sinceReset >= resetEvery)
                        {
                            sim.Reset();
                            sinceReset = 0;
                        }
                    }

                    steps += 64;
                }

                return steps;
            });
        }
        finally
        {
            foreach (MuJoCoSimulation sim in simulations)
            {
                sim.Dispose();
            }
        }
    }

    private static double Median(double[] values)
    {
        Array.Sort(values);
        int n = values.Length;
        return n % 2 == 1 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
    }

    private static double RunThreads(int threads, TimeSpan duration, Func<int, Func<bool>, long> work)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        TimeSpan warmUp = TimeSpan.FromTicks(Math.Min(duration.Ticks / 5, TimeSpan.TicksPerSecond));
        var counts = new long[threads];
        var errors = new Exception?[threads];
        using var start = new Barrier(threads);
        var workers = new Thread[threads];
        for (int t = 0; t < threads; t++)
        {
            int index = t;
            workers[t] = new Thread(() =>
            {
                bool started = false;
                try
                {
                    // Warm up (JIT, caches) on this thread, then measure from a common start.
                    var warm = Stopwatch.StartNew();
                    work(index, () => warm.Elapsed < warmUp);
                    start.SignalAndWait();
                    started = true;
                    var clock = Stopwatch.StartNew();
                    long steps = work(index, () => clock.Elapsed < duration);
                    counts[index] = (long)(steps / clock.Elapsed.TotalSeconds);
                }
                catch (Exception e)
                {
                    errors[index] = e;
                    if (!started)
                    {
                        // Let the other threads start without this one.
                        start.RemoveParticipant();
                    }
                }
            })
            { IsBackground = true, Name = $"mujoco-throughput-{t}" };
            workers[t].Start();
        }

        foreach (Thread worker in workers)
        {
            worker.Join();
        }

        if (errors.FirstOrDefault(e => e is not null) is Exception error)
        {
            throw new InvalidOperationException($"A throughput thread failed: {error.Message}", error);
        }

        return counts.Sum();
    }
}
