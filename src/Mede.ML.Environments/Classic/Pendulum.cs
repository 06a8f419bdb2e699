using Mede.ML.Environments.Spaces;

namespace Mede.ML.Environments;

/// <summary>
/// The classic pendulum swing-up (Gymnasium <c>Pendulum-v1</c>): a torque-limited motor must swing a pendulum up
/// and hold it upright. A fast sanity task: SAC should solve it within a few thousand steps.
/// </summary>
/// <remarks>
/// <para>State (theta, thetadot), theta = 0 upright. Observation (cos theta, sin theta, thetadot); action the torque
/// u in [-2, 2]. One step of semi-implicit Euler with dt = 0.05:
/// thetadot' = clip(thetadot + (3 g / (2 l) sin theta + 3 / (m l^2) u) dt, -8, 8), theta' = theta + thetadot' dt.</para>
/// <para>Reward -cost on the state before the step: cost = angle_normalize(theta)^2 + 0.1 thetadot^2 + 0.001 u^2,
/// reported as the terms <c>angle</c>, <c>velocity</c> and <c>control</c> (each the negated cost part). The start is
/// theta ~ U(-pi, pi), thetadot ~ U(-1, 1); episodes never terminate and are truncated after 200 steps.</para>
/// <para>Identical to Gymnasium's dynamics, costs and start distribution (the state is kept in double precision, as
/// numpy does). Differences: a torque outside the box is rejected unless <see cref="PendulumOptions.InvalidActions"/>
/// says Clip (Gymnasium clips silently); the cost weights, start ranges and horizon are options; the reward is
/// split into terms.</para>
/// </remarks>
public sealed class Pendulum : EnvironmentBase
{
    /// <summary>The registry name.</summary>
    public const string EnvironmentName = "pendulum";

    private static readonly string[] s_termNames = ["angle", "velocity", "control"];

    private readonly PendulumOptions _options;
    private double _angle;
    private double _angularVelocity;

    /// <summary>Creates the environment; <c>null</c> options mean Gymnasium's constants.</summary>
    /// <exception cref="ArgumentException">The options are invalid (see <see cref="PendulumOptions.Validate"/>).</exception>
    public Pendulum(PendulumOptions? options = null)
        : this(Validated(options), validated: true)
    {
    }

    // The flag only tells this constructor apart from the public one: base() needs the validated options.
    private Pendulum(PendulumOptions options, bool validated)
        : base(
            EnvironmentName,
            new Box([-1f, -1f, -options.MaxSpeed], [1f, 1f, options.MaxSpeed]),
            Box.Uniform(1, -options.MaxTorque, options.MaxTorque),
            options.Horizon,
            s_termNames,
            options.InvalidActions)
    {
        System.Diagnostics.Debug.Assert(validated, "options must be validated");
        _options = options;
    }

    /// <summary>The state: angle theta in rad (0 upright, not wrapped) and angular velocity in rad/s.</summary>
    public (double Angle, double AngularVelocity) State => (_angle, _angularVelocity);

    /// <summary>The options this environment was made with (a copy; changing it has no effect).</summary>
    public PendulumOptions Options => _options.Clone();

    /// <summary>Wraps an angle into [-pi, pi), as Gymnasium's <c>angle_normalize</c> (a floored modulo).</summary>
    public static double NormalizeAngle(double angle)
    {
        double shifted = (angle + Math.PI) % (2 * Math.PI);
        // C#'s % keeps the dividend's sign; Python's keeps the divisor's, which the cost relies on.
        if (shifted < 0)
        {
            shifted += 2 * Math.PI;
        }

        return shifted - Math.PI;
    }

    /// <summary>Puts the pendulum into a given state mid-episode (tests, value-function plots).</summary>
    internal void SetState(double angle, double angularVelocity, Span<float> observation)
    {
        _angle = angle;
        _angularVelocity = angularVelocity;
        Observe(observation);
    }

    /// <inheritdoc />
    protected override void ResetCore(Span<float> observation)
    {
        // Angle first, then velocity, as Gymnasium draws them.
        _angle = (2 * NextUniform() - 1) * _options.StartAngle;
        _angularVelocity = (2 * NextUniform() - 1) * _options.StartVelocity;
        Observe(observation);
    }

    /// <inheritdoc />
    protected override bool StepCore(ReadOnlySpan<float> action, Span<float> observation, Span<float> rewardTerms)
    {
        double g = _options.Gravity, m = _options.Mass, l = _options.Length, dt = _options.TimestepSeconds;
        double u = action[0];

        // The cost is charged on the state before the step, as in Gymnasium.
        double wrapped = NormalizeAngle(_angle);
        rewardTerms[0] = (float)(-_options.AngleCost * wrapped * wrapped);
        rewardTerms[1] = (float)(-_options.VelocityCost * _angularVelocity * _angularVelocity);
        rewardTerms[2] = (float)(-_options.ControlCost * u * u);

        // Semi-implicit Euler: the new velocity moves the angle.
        double velocity = _angularVelocity + (3 * g / (2 * l) * Math.Sin(_angle) + 3.0 / (m * l * l) * u) * dt;
        _angularVelocity = Math.Clamp(velocity, -_options.MaxSpeed, _options.MaxSpeed);
        _angle += _angularVelocity * dt;
        Observe(observation);
        return false;
    }

    /// <inheritdoc />
    protected override void SaveCoreState(BinaryWriter writer)
    {
        writer.Write(_angle);
        writer.Write(_angularVelocity);
    }

    /// <inheritdoc />
    protected override void LoadCoreState(BinaryReader reader)
    {
        _angle = reader.ReadDouble();
        _angularVelocity = reader.ReadDouble();
    }

    private void Observe(Span<float> observation)
    {
        observation[0] = (float)Math.Cos(_angle);
        observation[1] = (float)Math.Sin(_angle);
        observation[2] = (float)_angularVelocity;
    }

    private static PendulumOptions Validated(PendulumOptions? options)
    {
        var copy = (options ?? new PendulumOptions()).Clone();
        copy.Validate();
        return copy;
    }
}
