using Mede.ML.Environments.Spaces;

namespace Mede.ML.Environments;

/// <summary>
/// The paper's 2D point mass among several goals (MEDE Figure 1; first used by Haarnoja et al., 2017, for soft
/// Q-learning). The observation is the position s (and, with <see cref="MultiGoalOptions.TimeFeature"/>, the
/// fraction of the horizon left), the action a velocity; each step moves s' = clip(s + a) and
/// pays for both effort and distance, with a bonus and termination at a goal.
/// </summary>
/// <remarks>
/// <para>Reward, with c_a = <see cref="MultiGoalOptions.ActuationCost"/>, c_d = <see cref="MultiGoalOptions.DistanceCost"/>
/// and R = <see cref="MultiGoalOptions.GoalReward"/>:
/// r = -c_a |a|^2 - c_d min_g |s' - g|^2 + R [min_g |s' - g| &lt; radius], reported as the terms
/// <c>actuation</c>, <c>distance</c> and <c>goal</c>. Reaching a goal terminates; the horizon (30) truncates.</para>
/// <para>Facts from the reference implementation (<c>softqlearning/environments/multigoal.py</c>, after rllab's
/// <c>MultiGoalEnv</c>): point dynamics without noise, walls at ±7 by clipping the position, velocity in
/// [-1, 1]^2, start at the origin plus Gaussian noise of standard deviation 0.1 (<c>init_sigma</c>), clipped into
/// the walls, costs 30 and 1, goal reward 10, the distance and the goal test on the new position s', a strict
/// <c>&lt;</c> against the goal threshold 1, and 30-step paths.</para>
/// <para>Where this differs: the reference clips actions silently; here an action outside the box is rejected
/// unless <see cref="MultiGoalOptions.InvalidActions"/> says Clip (a policy that emits out-of-range actions is a
/// bug worth seeing). The reference's horizon lived in the sampler (<c>max_path_length</c>); here it is the
/// environment's time limit and reported as truncation, so learners bootstrap through it. The state is kept in
/// float32, so the observation is exactly the state (the reference mixed float32 and float64).</para>
/// </remarks>
public sealed class MultiGoal : EnvironmentBase, IGoalEnvironment
{
    /// <summary>The registry name.</summary>
    public const string EnvironmentName = "multigoal";

    private static readonly string[] s_termNames = ["actuation", "distance", "goal"];

    private readonly MultiGoalOptions _options;
    private readonly (float X, float Y)[] _goals;
    private float _x;
    private float _y;
    private float[]? _bestReturns;

    /// <summary>Creates the environment; <c>null</c> options mean the four-goal defaults.</summary>
    /// <exception cref="ArgumentException">The options are invalid (see <see cref="MultiGoalOptions.Validate"/>).</exception>
    public MultiGoal(MultiGoalOptions? options = null)
        : this(Validated(options), validated: true)
    {
    }

    // The flag only tells this constructor apart from the public one: base() needs the validated options.
    private MultiGoal(MultiGoalOptions options, bool validated)
        : base(
            EnvironmentName,
            ObservationBox(options),
            Box.Uniform(2, -options.ActionLimit, options.ActionLimit),
            options.Horizon,
            s_termNames,
            options.InvalidActions)
    {
        System.Diagnostics.Debug.Assert(validated, "options must be validated");
        _options = options;
        _goals = options.Goals.ToArray();
    }

    /// <summary>The goal positions, in the order <see cref="ReachedGoal"/> indexes them.</summary>
    public IReadOnlyList<(float X, float Y)> Goals => _goals;

    /// <inheritdoc />
    public int GoalCount => _goals.Length;

    /// <summary>Index of the goal reached by the last step, or -1 when none was (also after Reset).</summary>
    public int ReachedGoal { get; private set; } = -1;

    /// <inheritdoc />
    public override bool ObservesRemainingTime => _options.TimeFeature;

    /// <summary>The current position (the observation, before the remaining time when
    /// <see cref="MultiGoalOptions.TimeFeature"/> is on).</summary>
    public (float X, float Y) Position => (_x, _y);

    /// <summary>The goal radius (strict: a distance equal to it does not reach the goal).</summary>
    public float GoalRadius => _options.GoalRadius;

    /// <summary>The options this environment was made with (a copy; changing it has no effect).</summary>
    public MultiGoalOptions Options => _options.Clone();

    /// <summary>The best undiscounted return of an episode from the origin (the mean start) that ends at goal
    /// <paramref name="goal"/>, moving straight towards it: dynamic programming over the position along that ray on a
    /// grid of <see cref="BestReturnGrid"/>, with this environment's costs, radius, speed limit and horizon. The
    /// distance cost is to the nearest goal, as in <see cref="StepCore"/>; an episode that passes through another
    /// goal on the way ends there, so a goal behind another scores what reaching the first one does not.</summary>
    /// <remarks>Straight paths are the optimum when no other goal is nearer to the path than to its end (every preset
    /// and layout measured in docs/results/diversity); elsewhere this is a lower bound. Four goals at distance 5:
    /// -110.1 each (9 steps). Computed once per goal (about a millisecond).</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="goal"/> is not a goal index.</exception>
    public float BestReturnTo(int goal)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(goal);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(goal, _goals.Length);
        _bestReturns ??= [.. Enumerable.Repeat(float.NaN, _goals.Length)];
        if (float.IsNaN(_bestReturns[goal]))
        {
            _bestReturns[goal] = (float)BestReturnAlongRay(goal);
        }

        return _bestReturns[goal];
    }

    /// <summary>The grid step of <see cref="BestReturnTo"/> along the ray, in position units.</summary>
    public const double BestReturnGrid = 0.01;

    private double BestReturnAlongRay(int goal)
    {
        (float gx, float gy) = _goals[goal];
        double length = Math.Sqrt((gx * (double)gx) + (gy * (double)gy));
        if (length < _options.GoalRadius)
        {
            return 0.0;
        }

        // Positions i h along the ray, up to the goal's centre; an episode ends at the first position within a goal.
        int n = (int)(length / BestReturnGrid) + 1;
        int reach = (int)Math.Round(_options.ActionLimit / BestReturnGrid);
        var distanceCost = new double[n];
        var ends = new bool[n];
        for (int i = 0; i < n; i++)
        {
            double along = i * BestReturnGrid;
            (_, float squared) = NearestGoal((float)(along * gx / length), (float)(along * gy / length));
            distanceCost[i] = _options.DistanceCost * squared;
            ends[i] = squared < _options.GoalRadius * _options.GoalRadius;
        }

        // value[i]: the best return from position i with t steps left (0 with none left, and at an end).
        var value = new double[n];
        var next = new double[n];
        for (int t = 0; t < _options.Horizon; t++)
        {
            for (int i = 0; i < n; i++)
            {
                if (ends[i])
                {
                    next[i] = 0.0;
                    continue;
                }

                double best = double.NegativeInfinity;
                for (int j = Math.Max(0, i - reach); j <= Math.Min(n - 1, i + reach); j++)
                {
                    double step = (j - i) * BestReturnGrid;
                    double r = (-_options.ActuationCost * step * step) - distanceCost[j] + (ends[j] ? _options.GoalReward : 0.0);
                    best = Math.Max(best, ends[j] ? r : r + value[j]);
                }

                next[i] = best;
            }

            (value, next) = (next, value);
        }

        return value[0];
    }

    /// <summary>Index of the goal nearest to (x, y) and the squared distance to it.</summary>
    public (int Index, float SquaredDistance) NearestGoal(float x, float y)
    {
        int best = 0;
        float bestSquared = float.PositiveInfinity;
        for (int i = 0; i < _goals.Length; i++)
        {
            float dx = x - _goals[i].X, dy = y - _goals[i].Y;
            float squared = dx * dx + dy * dy;
            if (squared < bestSquared)
            {
                (best, bestSquared) = (i, squared);
            }
        }

        return (best, bestSquared);
    }

    /// <inheritdoc />
    protected override void ResetCore(Span<float> observation)
    {
        // Draw x before y so a seed fixes the same start in every build.
        float sigma = _options.StartStandardDeviation;
        float limit = _options.PositionLimit;
        _x = Math.Clamp((float)(sigma * NextGaussian()), -limit, limit);
        _y = Math.Clamp((float)(sigma * NextGaussian()), -limit, limit);
        ReachedGoal = -1;
        observation[0] = _x;
        observation[1] = _y;
        if (_options.TimeFeature)
        {
            observation[2] = 1f;
        }
    }

    /// <inheritdoc />
    protected override bool StepCore(ReadOnlySpan<float> action, Span<float> observation, Span<float> rewardTerms)
    {
        float limit = _options.PositionLimit;
        // s' = s + a, then the walls: the reference clips the position into the observation box.
        _x = Math.Clamp(_x + action[0], -limit, limit);
        _y = Math.Clamp(_y + action[1], -limit, limit);
        observation[0] = _x;
        observation[1] = _y;
        if (_options.TimeFeature)
        {
            // EnvironmentBase counted this step already: after the last step of the horizon no time is left.
            observation[2] = 1f - ((float)ElapsedSteps / MaxEpisodeSteps);
        }

        var (nearest, squaredDistance) = NearestGoal(_x, _y);
        bool reached = squaredDistance < _options.GoalRadius * _options.GoalRadius;
        ReachedGoal = reached ? nearest : -1;

        rewardTerms[0] = -_options.ActuationCost * (action[0] * action[0] + action[1] * action[1]);
        rewardTerms[1] = -_options.DistanceCost * squaredDistance;
        rewardTerms[2] = reached ? _options.GoalReward : 0f;
        return reached;
    }

    /// <inheritdoc />
    protected override void SaveCoreState(BinaryWriter writer)
    {
        writer.Write(_x);
        writer.Write(_y);
        writer.Write(ReachedGoal);
    }

    /// <inheritdoc />
    protected override void LoadCoreState(BinaryReader reader)
    {
        _x = reader.ReadSingle();
        _y = reader.ReadSingle();
        ReachedGoal = reader.ReadInt32();
        if (ReachedGoal < -1 || ReachedGoal >= _goals.Length)
        {
            throw new InvalidDataException($"Saved MultiGoal state names goal {ReachedGoal}, but this environment has {_goals.Length} goals.");
        }
    }

    private static Box ObservationBox(MultiGoalOptions options)
    {
        float limit = options.PositionLimit;
        return options.TimeFeature ? new Box([-limit, -limit, 0f], [limit, limit, 1f]) : Box.Uniform(2, -limit, limit);
    }

    private static MultiGoalOptions Validated(MultiGoalOptions? options)
    {
        var copy = (options ?? new MultiGoalOptions()).Clone();
        copy.Validate();
        return copy;
    }
}
