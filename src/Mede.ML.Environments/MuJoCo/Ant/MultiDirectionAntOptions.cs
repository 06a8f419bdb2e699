namespace Mede.ML.Environments.MuJoCo;

/// <summary>Options of <see cref="MultiDirectionAnt"/>, the paper's Multi-direction Ant. The defaults are those of the
/// SAC codebase's <c>MultiDirectionAntEnv</c> (haarnoja/sac, <c>sac/envs/multi_direction_env.py</c>) on rllab's
/// <c>MujocoEnv</c>, each noted with where it comes from.</summary>
public sealed class MultiDirectionAntOptions
{
    /// <summary>Weight of the speed term |v_xy| (<c>velocity_reward_weight</c> = 1).</summary>
    public double SpeedRewardWeight { get; init; } = 1.0;

    /// <summary>Reward for every step, the last one included (<c>survive_reward</c> = 5e-2).</summary>
    public double SurviveReward { get; init; } = 0.05;

    /// <summary>Weight w_c of the control cost w_c·Σu² over actions u in [-1, 1]: 0.5·<c>ctrl_cost_coeff</c> with
    /// <c>ctrl_cost_coeff</c> = 1e-2 (rllab divides the ±150 action by its half-range 150 first, so u is the policy's
    /// action).</summary>
    public double ControlCostWeight { get; init; } = 0.005;

    /// <summary>Weight w_k of the contact cost w_k·Σ clip(cfrc_ext, range)² over every body: 0.5·<c>contact_cost_coeff</c>
    /// with <c>contact_cost_coeff</c> = 1e-3.</summary>
    public double ContactCostWeight { get; init; } = 5e-4;

    /// <summary>External-force components are clipped to this range, in the contact cost and in the observation
    /// (rllab: (-1, 1)).</summary>
    public (double Low, double High) ContactForceRange { get; init; } = (-1.0, 1.0);

    /// <summary>End the episode (termination) when the ant is unhealthy (the SAC code's <c>done = not is_healthy</c>).</summary>
    public bool TerminateWhenUnhealthy { get; init; } = true;

    /// <summary>Closed interval of the torso height qpos[2] in metres while healthy (the SAC code: 0.2 ≤ z ≤ 1).</summary>
    public (double Low, double High) HealthyZRange { get; init; } = (0.2, 1.0);

    /// <summary>Reset noise on every qpos: s·N(0, 1) with s = 0.01 (rllab's <c>reset_mujoco</c>).</summary>
    public double PositionNoiseScale { get; init; } = 0.01;

    /// <summary>Reset noise on every qvel: s·N(0, 1) with s = 0.1 (rllab's <c>reset_mujoco</c>).</summary>
    public double VelocityNoiseScale { get; init; } = 0.1;

    /// <summary>Physics steps of 0.02 s per environment step (rllab: 1, its ant.xml sets no <c>frame_skip</c>).</summary>
    public int FrameSkip { get; init; } = 1;

    /// <summary>Time limit in environment steps, a truncation (the SAC code's <c>max_path_length</c> = 1000).</summary>
    public int MaxEpisodeSteps { get; init; } = 1000;

    /// <summary>Reject (default) or clip actions outside [-1, 1]⁸.</summary>
    public InvalidActionHandling InvalidActions { get; init; } = InvalidActionHandling.Reject;
}
