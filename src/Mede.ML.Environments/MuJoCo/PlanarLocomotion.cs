namespace Mede.ML.Environments.MuJoCo;

/// <summary>
/// The planar runners of Gymnasium's v4 suite, <see cref="Hopper"/> and <see cref="Walker2d"/>: a body in the x-z plane
/// rewarded for running forward. Observation: qpos after the x position, then qvel clipped to ±10. Reward
/// r = w_f·v_x + h − w_c·|a|², reported as the terms <c>forward</c>, <c>healthy</c> and <c>control</c> (the last
/// negative), where v_x = (x_after − x_before)/(frame skip × time step) is the torso's x velocity over the step. Reset:
/// initial pose plus uniform noise on every qpos and qvel. The episode terminates when the body is no longer healthy;
/// the two differ in their model and in what healthy means (<see cref="IsHealthy"/>).
/// </summary>
public abstract class PlanarLocomotion : MuJoCoEnvironment
{
    private const double VelocityClip = 10.0;

    private static readonly string[] TermNames = ["forward", "healthy", "control"];

    private readonly PlanarLocomotionOptions _options;

    /// <summary>Creates the runner over its model.</summary>
    /// <param name="name">The environment's short name.</param>
    /// <param name="model">The runner's model.</param>
    /// <param name="observationSize">qpos less the x position, plus qvel.</param>
    /// <param name="options">The options.</param>
    private protected PlanarLocomotion(string name, MuJoCoModel model, int observationSize, PlanarLocomotionOptions options)
        : base(name, model, observationSize, options.FrameSkip, options.MaxEpisodeSteps, TermNames, options.InvalidActions)
    {
        _options = options;
    }

    /// <summary>The torso's x velocity over the last step in m/s.</summary>
    public double ForwardVelocity { get; private set; }

    /// <summary>The control cost w_c·|a|² of the last step (subtracted from the reward).</summary>
    public double ControlCost { get; private set; }

    /// <summary>The healthy reward of a step: h while healthy, and also when unhealthiness terminates (Gymnasium's rule).</summary>
    public double HealthyReward => IsHealthy || _options.TerminateWhenUnhealthy ? _options.HealthyReward : 0.0;

    /// <summary>True while the body is in the task's healthy region (its bounds are open).</summary>
    public abstract bool IsHealthy { get; }

    /// <summary>True while the torso height qpos[1] and angle qpos[2] lie inside their open intervals
    /// (<see cref="PlanarLocomotionOptions.HealthyZRange"/>, <see cref="PlanarLocomotionOptions.HealthyAngleRange"/>).</summary>
    protected bool TorsoInRange()
    {
        double z = Simulation.Positions[1], angle = Simulation.Positions[2];
        return z > _options.HealthyZRange.Low && z < _options.HealthyZRange.High
            && angle > _options.HealthyAngleRange.Low && angle < _options.HealthyAngleRange.High;
    }

    /// <inheritdoc />
    protected sealed override void ResetCore(Span<float> observation)
    {
        ForwardVelocity = 0;
        ControlCost = 0;
        ResetWithUniformNoise(_options.ResetNoiseScale, _options.ResetNoiseScale);
        WritePositionsAndVelocities(observation, skipPositions: 1, VelocityClip);
    }

    /// <inheritdoc />
    protected sealed override bool StepCore(ReadOnlySpan<float> action, Span<float> observation, Span<float> rewardTerms)
    {
        double xBefore = Simulation.Positions[0];
        DoSimulation(action);
        ForwardVelocity = (Simulation.Positions[0] - xBefore) / StepSeconds;
        ControlCost = _options.ControlCostWeight * SquaredNorm(action);

        rewardTerms[0] = (float)(_options.ForwardRewardWeight * ForwardVelocity);
        rewardTerms[1] = (float)HealthyReward;
        rewardTerms[2] = (float)-ControlCost;
        WritePositionsAndVelocities(observation, skipPositions: 1, VelocityClip);
        return _options.TerminateWhenUnhealthy && !IsHealthy;
    }
}
