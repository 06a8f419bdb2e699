namespace Mede.ML.Environments;

/// <summary>
/// Options of <see cref="Pendulum"/>. The defaults are Gymnasium's <c>Pendulum-v1</c> constants
/// (<c>gymnasium/envs/classic_control/pendulum.py</c>).
/// </summary>
public sealed class PendulumOptions
{
    private static readonly string[] s_keys =
    [
        "gravity", "mass", "length", "dt", "max-torque", "max-speed", "horizon", "angle-cost", "velocity-cost",
        "control-cost", "start-angle", "start-velocity", "invalid-actions",
    ];

    /// <summary>Gravitational acceleration g in m/s^2. Default 10 (Gymnasium's <c>g=10.0</c>).</summary>
    public double Gravity { get; set; } = 10.0;

    /// <summary>Mass m of the bob in kg. Default 1.</summary>
    public double Mass { get; set; } = 1.0;

    /// <summary>Length l of the rod in m. Default 1.</summary>
    public double Length { get; set; } = 1.0;

    /// <summary>Integration step dt in seconds. Default 0.05.</summary>
    public double TimestepSeconds { get; set; } = 0.05;

    /// <summary>The action box is [-max, max] (torque in N m). Default 2.</summary>
    public float MaxTorque { get; set; } = 2f;

    /// <summary>Angular velocity is clipped to [-max, max] rad/s. Default 8.</summary>
    public float MaxSpeed { get; set; } = 8f;

    /// <summary>Time limit in steps (truncation). Default 200, Gymnasium's <c>max_episode_steps</c>.</summary>
    public int Horizon { get; set; } = 200;

    /// <summary>Weight of angle_normalize(theta)^2 in the cost. Default 1.</summary>
    public double AngleCost { get; set; } = 1.0;

    /// <summary>Weight of thetadot^2 in the cost. Default 0.1.</summary>
    public double VelocityCost { get; set; } = 0.1;

    /// <summary>Weight of u^2 in the cost. Default 0.001.</summary>
    public double ControlCost { get; set; } = 0.001;

    /// <summary>The start angle is drawn from U(-a, a) rad (0 = upright). Default pi.</summary>
    public double StartAngle { get; set; } = Math.PI;

    /// <summary>The start angular velocity is drawn from U(-v, v) rad/s. Default 1.</summary>
    public double StartVelocity { get; set; } = 1.0;

    /// <summary>What to do with torques outside [-MaxTorque, MaxTorque]. Default
    /// <see cref="InvalidActionHandling.Reject"/>; Gymnasium clips silently.</summary>
    public InvalidActionHandling InvalidActions { get; set; } = InvalidActionHandling.Reject;

    /// <summary>The keys <see cref="Parse"/> accepts.</summary>
    public static IReadOnlyList<string> OptionKeys => s_keys;

    /// <summary>
    /// Reads options from <c>key=value</c> pairs, starting from the defaults. Keys (case-insensitive):
    /// <c>gravity</c>, <c>mass</c>, <c>length</c>, <c>dt</c>, <c>max-torque</c>, <c>max-speed</c>, <c>horizon</c>,
    /// <c>angle-cost</c>, <c>velocity-cost</c>, <c>control-cost</c>, <c>start-angle</c>, <c>start-velocity</c>,
    /// <c>invalid-actions</c> (<c>reject</c> | <c>clip</c>).
    /// </summary>
    /// <exception cref="ArgumentException">An unknown key (the message lists the valid ones), a malformed value, a
    /// key given twice, or options that fail <see cref="Validate"/>.</exception>
    public static PendulumOptions Parse(IEnumerable<KeyValuePair<string, string>> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string Env = "Pendulum";
        var result = new PendulumOptions();
        foreach (var (key, value) in OptionParsing.Normalize(Env, options, s_keys))
        {
            switch (key)
            {
                case "horizon":
                    result.Horizon = OptionParsing.ParseInt(Env, key, value);
                    break;
                case "invalid-actions":
                    result.InvalidActions = OptionParsing.ParseInvalidActions(Env, key, value);
                    break;
                default:
                    Set(result, key, OptionParsing.ParseFloat(Env, key, value));
                    break;
            }
        }

        result.Validate();
        return result;
    }

    /// <summary>Checks every option.</summary>
    /// <exception cref="ArgumentException">An option is out of range; the message names it.</exception>
    public void Validate()
    {
        Positive(Gravity, nameof(Gravity));
        Positive(Mass, nameof(Mass));
        Positive(Length, nameof(Length));
        Positive(TimestepSeconds, nameof(TimestepSeconds));
        Positive(MaxTorque, nameof(MaxTorque));
        Positive(MaxSpeed, nameof(MaxSpeed));
        NonNegative(AngleCost, nameof(AngleCost));
        NonNegative(VelocityCost, nameof(VelocityCost));
        NonNegative(ControlCost, nameof(ControlCost));
        NonNegative(StartAngle, nameof(StartAngle));
        NonNegative(StartVelocity, nameof(StartVelocity));
        if (StartVelocity > MaxSpeed)
        {
            throw new ArgumentException($"Pendulum option StartVelocity ({StartVelocity}) exceeds MaxSpeed ({MaxSpeed}); the start would leave the observation box.");
        }

        if (Horizon < 1)
        {
            throw new ArgumentException($"Pendulum option Horizon is {Horizon}; it must be at least 1.");
        }

        if (!Enum.IsDefined(InvalidActions))
        {
            throw new ArgumentException($"Pendulum option InvalidActions is {InvalidActions}; it must be Reject or Clip.");
        }
    }

    /// <summary>A copy, so that an environment keeps its options when the caller changes theirs.</summary>
    internal PendulumOptions Clone() => (PendulumOptions)MemberwiseClone();

    private static void Set(PendulumOptions o, string key, float value)
    {
        switch (key)
        {
            case "gravity": o.Gravity = value; break;
            case "mass": o.Mass = value; break;
            case "length": o.Length = value; break;
            case "dt": o.TimestepSeconds = value; break;
            case "max-torque": o.MaxTorque = value; break;
            case "max-speed": o.MaxSpeed = value; break;
            case "angle-cost": o.AngleCost = value; break;
            case "velocity-cost": o.VelocityCost = value; break;
            case "control-cost": o.ControlCost = value; break;
            case "start-angle": o.StartAngle = value; break;
            default: o.StartVelocity = value; break;
        }
    }

    private static void Positive(double value, string name)
    {
        if (!(value > 0 && double.IsFinite(value)))
        {
            throw new ArgumentException($"Pendulum option {name} is {value}; it must be a positive finite number.");
        }
    }

    private static void NonNegative(double value, string name)
    {
        if (!(value >= 0 && double.IsFinite(value)))
        {
            throw new ArgumentException($"Pendulum option {name} is {value}; it must be a non-negative finite number.");
        }
    }
}
