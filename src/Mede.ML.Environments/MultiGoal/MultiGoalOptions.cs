using System.Globalization;

namespace Mede.ML.Environments;

/// <summary>
/// Options of <see cref="MultiGoal"/>. The defaults are the reference implementation's (Haarnoja et al., 2017,
/// <c>softqlearning/environments/multigoal.py</c>, after rllab) with the four-goal layout of the paper's Figure 1a/b.
/// </summary>
/// <remarks>
/// <para>Presets: <see cref="FourGoals"/> (goals (5, 0), (-5, 0), (0, 5), (0, -5)) and <see cref="TwoGoals"/>.
/// Any goal list may be given through <see cref="Goals"/>.</para>
/// <para><see cref="Parse"/> reads <c>key=value</c> pairs (the CLI's <c>--env-option</c>); its keys are listed in
/// <see cref="OptionKeys"/>.</para>
/// </remarks>
public sealed class MultiGoalOptions
{
    /// <summary>The key of the goal preset in <see cref="Parse"/>.</summary>
    public const string PresetKey = "preset";

    private static readonly (float X, float Y)[] s_fourGoals = [(5f, 0f), (-5f, 0f), (0f, 5f), (0f, -5f)];

    // The paper (Figure 1c/d) shows two goals, the south-west one slightly closer to the start, without
    // coordinates. We take (-4.5, -4.5) at distance 6.36 and (5, 5) at distance 7.07: ten percent closer, so
    // the nearer goal is the greedy optimum while the farther one stays reachable within the 30-step horizon.
    private static readonly (float X, float Y)[] s_twoGoals = [(-4.5f, -4.5f), (5f, 5f)];

    private static readonly string[] s_keys =
    [
        PresetKey, "goals", "goal-radius", "goal-reward", "actuation-cost", "distance-cost", "horizon",
        "position-limit", "action-limit", "start-std", "invalid-actions",
        "time-feature",
    ];

    private static readonly string[] s_presets = ["four-goals", "two-goals"];

    /// <summary>Goal positions g. Default: the four-goal layout.</summary>
    public IReadOnlyList<(float X, float Y)> Goals { get; set; } = s_fourGoals;

    /// <summary>A step ending closer than this to a goal (strictly) reaches it: goal reward and termination.
    /// Default 1 (the reference's <c>goal_threshold</c>).</summary>
    public float GoalRadius { get; set; } = 1f;

    /// <summary>Reward added on reaching a goal. Default 10 (<c>goal_reward</c>).</summary>
    public float GoalReward { get; set; } = 10f;

    /// <summary>Weight of the actuation cost |a|^2. Default 30 (<c>actuation_cost_coeff</c>).</summary>
    public float ActuationCost { get; set; } = 30f;

    /// <summary>Weight of the squared distance to the nearest goal, min_g |s' - g|^2. Default 1
    /// (<c>distance_cost_coeff</c>).</summary>
    public float DistanceCost { get; set; } = 1f;

    /// <summary>Time limit in steps (truncation). Default 30, the paper's and the reference's path length.</summary>
    public int Horizon { get; set; } = 30;

    /// <summary>The position is clipped to [-limit, limit]^2 (the walls). Default 7.</summary>
    public float PositionLimit { get; set; } = 7f;

    /// <summary>The action (velocity) box is [-limit, limit]^2. Default 1.</summary>
    public float ActionLimit { get; set; } = 1f;

    /// <summary>Standard deviation of the Gaussian start position around the origin. Default 0.1, the
    /// reference's <c>init_sigma</c>. Zero gives a fixed start at the origin (useful in tests; the environment
    /// checker then reports that the seed has no effect).</summary>
    public float StartStandardDeviation { get; set; } = 0.1f;

    /// <summary>What to do with actions outside the action box. Default <see cref="InvalidActionHandling.Reject"/>;
    /// the reference clips silently, which hides policy bugs, so clipping is opt-in here.</summary>
    public InvalidActionHandling InvalidActions { get; set; } = InvalidActionHandling.Reject;

    /// <summary>Whether the observation carries a third value, the fraction of the horizon still left: 1 at the start,
    /// 1 - t / <see cref="Horizon"/> after step t, 0 at the step the time limit ends. Default false (the paper's
    /// observation is the position alone).</summary>
    /// <remarks>Without it, standing still or pressing into a wall makes a state its own successor, and a critic that
    /// bootstraps through the time limit can keep a goal's value there for an agent that never reaches it
    /// (docs/results/diversity, eighth slice). With it, no state repeats, and the backup must end at the time limit
    /// (<c>BootstrapTimeLimits = false</c>; training refuses the combination otherwise). The value lies in [0, 1], far
    /// inside the outcome kernel's bandwidth, so it barely moves which ends count as shared.</remarks>
    public bool TimeFeature { get; set; }

    /// <summary>The keys <see cref="Parse"/> accepts.</summary>
    public static IReadOnlyList<string> OptionKeys => s_keys;

    /// <summary>The values of the <c>preset</c> key.</summary>
    public static IReadOnlyList<string> PresetNames => s_presets;

    /// <summary>The paper's Figure 1a/b task: goals at (5, 0), (-5, 0), (0, 5), (0, -5); the defaults otherwise.</summary>
    public static MultiGoalOptions FourGoals() => new() { Goals = s_fourGoals };

    /// <summary>The paper's Figure 1c/d task: goals at (-4.5, -4.5) and (5, 5), the south-west one ten percent
    /// closer to the start; the defaults otherwise.</summary>
    public static MultiGoalOptions TwoGoals() => new() { Goals = s_twoGoals };

    /// <summary>
    /// Reads options from <c>key=value</c> pairs, starting from the defaults. Keys (case-insensitive):
    /// <c>preset</c> (<c>four-goals</c> | <c>two-goals</c>), <c>goals</c> (<c>x,y;x,y;...</c>), <c>goal-radius</c>,
    /// <c>goal-reward</c>, <c>actuation-cost</c>, <c>distance-cost</c>, <c>horizon</c>, <c>position-limit</c>,
    /// <c>action-limit</c>, <c>start-std</c>, <c>invalid-actions</c> (<c>reject</c> | <c>clip</c>), <c>time-feature</c>
    /// (<c>true</c> | <c>false</c>).
    /// <c>preset</c> and <c>goals</c> exclude each other.
    /// </summary>
    /// <exception cref="ArgumentException">An unknown key (the message lists the valid ones), a malformed value, a
    /// key given twice, or options that fail <see cref="Validate"/>.</exception>
    public static MultiGoalOptions Parse(IEnumerable<KeyValuePair<string, string>> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string Env = "MultiGoal";
        var result = new MultiGoalOptions();
        var given = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in OptionParsing.Normalize(Env, options, s_keys))
        {
            given.Add(key);
            switch (key)
            {
                case PresetKey:
                    result.Goals = value.ToLowerInvariant() switch
                    {
                        "four-goals" => s_fourGoals,
                        "two-goals" => s_twoGoals,
                        _ => throw new ArgumentException($"{Env} option 'preset': '{value}' is not a preset; use one of: {string.Join(", ", s_presets)}."),
                    };
                    break;
                case "goals":
                    result.Goals = ParseGoals(value);
                    break;
                case "goal-radius":
                    result.GoalRadius = OptionParsing.ParseFloat(Env, key, value);
                    break;
                case "goal-reward":
                    result.GoalReward = OptionParsing.ParseFloat(Env, key, value);
                    break;
                case "actuation-cost":
                    result.ActuationCost = OptionParsing.ParseFloat(Env, key, value);
                    break;
                case "distance-cost":
                    result.DistanceCost = OptionParsing.ParseFloat(Env, key, value);
                    break;
                case "horizon":
                    result.Horizon = OptionParsing.ParseInt(Env, key, value);
                    break;
                case "position-limit":
                    result.PositionLimit = OptionParsing.ParseFloat(Env, key, value);
                    break;
                case "action-limit":
                    result.ActionLimit = OptionParsing.ParseFloat(Env, key, value);
                    break;
                case "start-std":
                    result.StartStandardDeviation = OptionParsing.ParseFloat(Env, key, value);
                    break;
                case "time-feature":
                    result.TimeFeature = OptionParsing.ParseBool(Env, key, value);
                    break;
                default:
                    result.InvalidActions = OptionParsing.ParseInvalidActions(Env, key, value);
                    break;
            }
        }

        if (given.Contains(PresetKey) && given.Contains("goals"))
        {
            throw new ArgumentException($"{Env} options 'preset' and 'goals' exclude each other; give one of them.");
        }

        result.Validate();
        return result;
    }

    /// <summary>Checks every option.</summary>
    /// <exception cref="ArgumentException">An option is out of range; the message names it.</exception>
    public void Validate()
    {
        if (Goals is null || Goals.Count == 0)
        {
            throw new ArgumentException("MultiGoal needs at least one goal (Goals, or the 'goals' option: x,y;x,y).");
        }

        Require(PositionLimit > 0f && float.IsFinite(PositionLimit), nameof(PositionLimit), PositionLimit, "a positive finite number");
        for (int i = 0; i < Goals.Count; i++)
        {
            var (x, y) = Goals[i];
            if (!(Math.Abs(x) <= PositionLimit && Math.Abs(y) <= PositionLimit))
            {
                throw new ArgumentException(
                    $"MultiGoal goal {i} at ({x}, {y}) lies outside the walls [-{PositionLimit}, {PositionLimit}]^2; move it inside or raise PositionLimit.");
            }
        }

        Require(GoalRadius > 0f && float.IsFinite(GoalRadius), nameof(GoalRadius), GoalRadius, "a positive finite number");
        Require(float.IsFinite(GoalReward), nameof(GoalReward), GoalReward, "a finite number");
        Require(ActuationCost >= 0f && float.IsFinite(ActuationCost), nameof(ActuationCost), ActuationCost, "a non-negative finite number");
        Require(DistanceCost >= 0f && float.IsFinite(DistanceCost), nameof(DistanceCost), DistanceCost, "a non-negative finite number");
        Require(Horizon >= 1, nameof(Horizon), Horizon, "at least 1");
        Require(ActionLimit > 0f && float.IsFinite(ActionLimit), nameof(ActionLimit), ActionLimit, "a positive finite number");
        Require(StartStandardDeviation >= 0f && float.IsFinite(StartStandardDeviation), nameof(StartStandardDeviation), StartStandardDeviation, "a non-negative finite number");
        Require(Enum.IsDefined(InvalidActions), nameof(InvalidActions), InvalidActions, "Reject or Clip");
    }

    /// <summary>A copy, so that an environment keeps its options when the caller changes theirs.</summary>
    internal MultiGoalOptions Clone()
    {
        var copy = (MultiGoalOptions)MemberwiseClone();
        copy.Goals = Goals.ToArray();
        return copy;
    }

    private static (float X, float Y)[] ParseGoals(string value)
    {
        var goals = new List<(float X, float Y)>();
        foreach (string part in value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] xy = part.Split(',', StringSplitOptions.TrimEntries);
            if (xy.Length != 2
                || !float.TryParse(xy[0], NumberStyles.Float, CultureInfo.InvariantCulture, out float x)
                || !float.TryParse(xy[1], NumberStyles.Float, CultureInfo.InvariantCulture, out float y)
                || !float.IsFinite(x) || !float.IsFinite(y))
            {
                throw new ArgumentException($"MultiGoal option 'goals': '{part}' is not a point; write goals as x,y;x,y (e.g. goals=5,0;-5,0).");
            }

            goals.Add((x, y));
        }

        if (goals.Count == 0)
        {
            throw new ArgumentException("MultiGoal option 'goals' is empty; write goals as x,y;x,y (e.g. goals=5,0;-5,0).");
        }

        return goals.ToArray();
    }

    private static void Require<T>(bool condition, string name, T value, string expected)
    {
        if (!condition)
        {
            throw new ArgumentException($"MultiGoal option {name} is {value}; it must be {expected}.");
        }
    }
}
