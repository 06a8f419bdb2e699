using Mede.ML.Neural;
using Mede.ML.Neural.Autograd;
using Mede.ML.Neural.Distributions;
using Mede.ML.Neural.Layers;
using Mede.ML.Neural.Optim;
using Mede.ML.Replay;

namespace Mede.ML.Algorithms;

/// <summary>
/// The soft actor-critic core that SAC, DIAYN and MEDE share: a tanh-Gaussian policy, twin soft Q critics with
/// Polyak-averaged targets (SAC v2, no V network), and a temperature. The three methods differ in two lines,
/// both in <see cref="UpdateCritics"/> and <see cref="UpdatePolicy"/>, marked with the paper's equations.
/// </summary>
/// <remarks>
/// In shared mode one learner serves every agent: the agent's one-hot z is concatenated to the observation of
/// the policy and critics. In separate mode each agent has its own learner and sees the observation alone.
/// </remarks>
public sealed class Learner
{
    private readonly MedeTrainer.Options _options;
    private readonly Generator _noise;
    private readonly float _targetEntropy;

    /// <summary>Creates the networks and optimisers.</summary>
    /// <param name="options">The run's options.</param>
    /// <param name="observationSize">Observation length.</param>
    /// <param name="actionSize">Action length.</param>
    /// <param name="agentsInInput">K when the agent enters the networks as a one-hot (shared mode), else 0.</param>
    /// <param name="generator">Initialisation stream; a fork of it drives the policy noise.</param>
    public Learner(MedeTrainer.Options options, int observationSize, int actionSize, int agentsInInput, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(generator);
        _options = options;
        ObservationSize = observationSize;
        ActionSize = actionSize;
        AgentsInInput = agentsInInput;
        int input = observationSize + agentsInInput;
        int[] hidden = options.HiddenLayerSizes;
        Policy = Mlp.Create([input, .. hidden, 2 * actionSize], Activation.ReLU, generator);
        Critic1 = Mlp.Create([input + actionSize, .. hidden, 1], Activation.ReLU, generator);
        Critic2 = Mlp.Create([input + actionSize, .. hidden, 1], Activation.ReLU, generator);
        TargetCritic1 = Mlp.Create([input + actionSize, .. hidden, 1], Activation.ReLU, generator);
        TargetCritic2 = Mlp.Create([input + actionSize, .. hidden, 1], Activation.ReLU, generator);
        TargetCritic1.CopyFrom(Critic1);
        TargetCritic2.CopyFrom(Critic2);
        PolicyOptimizer = new Adam(Policy.Parameters(), options.LearningRate);
        CriticOptimizer = new Adam(Critic1.Parameters().Concat(Critic2.Parameters()), options.LearningRate);
        LogAlpha = Tensor.Scalar(MathF.Log(options.EntropyCoefficient), requiresGrad: true);
        AlphaOptimizer = new Adam([LogAlpha], options.LearningRate);
        _targetEntropy = options.TargetEntropy ?? -actionSize;
        _noise = generator.Fork(streamId: 1);
    }

    /// <summary>Observation length.</summary>
    public int ObservationSize { get; }

    /// <summary>Action length.</summary>
    public int ActionSize { get; }

    /// <summary>K in shared mode (one-hot width), 0 in separate mode.</summary>
    public int AgentsInInput { get; }

    /// <summary>pi(a|s,z): outputs the mean and log std of the pre-squash Gaussian, [batch, 2 x actions].</summary>
    public Sequential Policy { get; }

    /// <summary>Q1(s,a,z).</summary>
    public Sequential Critic1 { get; }

    /// <summary>Q2(s,a,z).</summary>
    public Sequential Critic2 { get; }

    /// <summary>Polyak-averaged copy of Q1.</summary>
    public Sequential TargetCritic1 { get; }

    /// <summary>Polyak-averaged copy of Q2.</summary>
    public Sequential TargetCritic2 { get; }

    /// <summary>Adam over the policy.</summary>
    public Adam PolicyOptimizer { get; }

    /// <summary>Adam over both critics.</summary>
    public Adam CriticOptimizer { get; }

    /// <summary>log alpha, learned when automatic entropy tuning is on.</summary>
    public Tensor LogAlpha { get; }

    /// <summary>Adam over log alpha.</summary>
    public Adam AlphaOptimizer { get; }

    /// <summary>The current temperature alpha.</summary>
    public float Alpha => MathF.Exp(LogAlpha.Data[0]);

    /// <summary>The policy noise stream (for checkpoints).</summary>
    public Generator Noise => _noise;

    /// <summary>One gradient step on a batch: critics, policy, temperature, then the target critics.</summary>
    /// <param name="batch">Transitions with the agent that collected each.</param>
    /// <param name="stateActionDiscriminator">q(z|s,a), used by MEDE.</param>
    /// <param name="stateDiscriminator">q(z|s), used by DIAYN.</param>
    /// <param name="network">The learner's name in error messages (<c>shared</c> or <c>agent 2</c>).</param>
    /// <param name="step">The environment step, for error messages.</param>
    public UpdateMetrics Update(ReplayBatch batch, Discriminator? stateActionDiscriminator, Discriminator? stateDiscriminator, string network, long step)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using TapeScope scope = Tape.Scope();
        Tensor input = PolicyInput(batch.Observations, batch.Agents);
        Tensor nextInput = PolicyInput(batch.NextObservations, batch.Agents);
        float criticLoss = UpdateCritics(batch, input, nextInput, stateActionDiscriminator, stateDiscriminator, network, step);
        var (policyLoss, logProbability, meanQ) = UpdatePolicy(batch, input, stateActionDiscriminator, network, step);
        UpdateTemperature(logProbability, network, step);
        Polyak.Update(TargetCritic1, Critic1, _options.TargetSmoothingCoefficient);
        Polyak.Update(TargetCritic2, Critic2, _options.TargetSmoothingCoefficient);
        return new UpdateMetrics(criticLoss, policyLoss, Alpha, -logProbability.Mean().ToScalar(), meanQ);
    }

    /// <summary>The critics' regression toward the soft Bellman target (SAC v2, Eq. 6 for MEDE).</summary>
    private float UpdateCritics(ReplayBatch batch, Tensor input, Tensor nextInput, Discriminator? stateAction, Discriminator? state, string network, long step)
    {
        Tensor target = SoftTarget(batch, nextInput, stateAction, state);
        Tensor q1 = Critic1.Forward(Tensor.Concat(input, batch.Actions));
        Tensor q2 = Critic2.Forward(Tensor.Concat(input, batch.Actions));
        Tensor loss = Functional.MseLoss(q1, target) + Functional.MseLoss(q2, target);
        FiniteGuard.Loss(loss, "critics", network, "soft Bellman error", step);
        CriticOptimizer.ZeroGrad();
        loss.Backward();
        FiniteGuard.Gradients(Critic1, "critic 1", network, step);
        FiniteGuard.Gradients(Critic2, "critic 2", network, step);
        CriticOptimizer.Step();
        return loss.ToScalar();
    }

    /// <summary>
    /// y = r_scaled + gamma (1 - terminated) (min Q_targ(s',a') - alpha log pi(a'|s',z) [+ alpha beta log q(z|s',a')]),
    /// with a' drawn fresh from the current policy; DIAYN adds log q(z|s) to r instead. A constant: no gradient.
    /// </summary>
    internal Tensor SoftTarget(ReplayBatch batch, Tensor nextInput, Discriminator? stateAction, Discriminator? state)
    {
        float alpha = Alpha, beta = _options.DiscriminatorWeight, gamma = _options.DiscountFactor;
        using (Tensor.NoGrad())
        {
            // a' ~ pi(.|s',z), fresh from the current policy.
            var (nextAction, nextLogProbability) = Sample(nextInput);
            Tensor nextQ = Tensor.Minimum(
                TargetCritic1.Forward(Tensor.Concat(nextInput, nextAction)),
                TargetCritic2.Forward(Tensor.Concat(nextInput, nextAction)));

            // Soft value of s': min Q_targ - alpha log pi.
            Tensor softValue = nextQ - alpha * nextLogProbability;
            Tensor reward = batch.Rewards * _options.RewardScale;
            switch (_options.Algorithm)
            {
                case ReinforcementAlgorithm.Mede:
                    // Eq. 6: the discriminator stands where the prior pi0 stands, inside the soft value and
                    // scaled by alpha: V(s') = E[Q - alpha (log pi(a'|s',z) - beta log q(z|s',a'))].
                    Tensor nextLogQ = stateAction!.LogProbabilityOf(Tensor.Concat(batch.NextObservations, nextAction), batch.Agents);
                    softValue += (alpha * beta) * nextLogQ;
                    break;
                case ReinforcementAlgorithm.Diayn:
                    // DIAYN's pseudo-reward log q(z|s) (+ log K when -log p(z) is included), added to r.
                    Tensor logQ = state!.LogProbabilityOf(batch.Observations, batch.Agents);
                    reward += _options.DiaynSubtractLogPrior ? logQ + MathF.Log(state.Agents) : logQ;
                    break;
            }

            // Only termination stops the bootstrap; a time-limit truncation keeps it (NotTerminated = 1).
            return reward + gamma * batch.NotTerminated * softValue;
        }
    }

    /// <summary>The policy step: minimise alpha (log pi - beta log q) - min Q at reparameterised actions.</summary>
    private (float Loss, Tensor LogProbability, float MeanQ) UpdatePolicy(ReplayBatch batch, Tensor input, Discriminator? stateAction, string network, long step)
    {
        // The critics and the discriminator are inputs here, not learners: freezing them saves their weight
        // gradients (two of every layer's three products) and keeps this loss from touching them.
        SetRequiresGrad(Critic1, false);
        SetRequiresGrad(Critic2, false);
        if (stateAction is not null)
        {
            SetRequiresGrad(stateAction.Network, false);
        }

        try
        {
            var (action, logProbability) = Sample(input);
            var (loss, q) = PolicyLoss(batch.Observations, batch.Agents, input, action, logProbability, stateAction);
            FiniteGuard.Loss(loss, "policy", network, "policy loss", step);
            PolicyOptimizer.ZeroGrad();
            loss.Backward();
            FiniteGuard.Gradients(Policy, "policy", network, step);
            PolicyOptimizer.Step();
            return (loss.ToScalar(), logProbability, q.Mean().ToScalar());
        }
        finally
        {
            SetRequiresGrad(Critic1, true);
            SetRequiresGrad(Critic2, true);
            if (stateAction is not null)
            {
                SetRequiresGrad(stateAction.Network, true);
            }
        }
    }

    /// <summary>
    /// mean over rows of alpha log pi(a|s,z) - min Q(s,a,z) [- alpha beta log q(z|s,a) for MEDE], for actions
    /// a = f(eps; s, z) that carry the policy's gradient. Returns the loss and min Q.
    /// </summary>
    internal (Tensor Loss, Tensor Q) PolicyLoss(Tensor observations, ReadOnlySpan<int> agents, Tensor input, Tensor action, Tensor logProbability, Discriminator? stateAction)
    {
        float alpha = Alpha, beta = _options.DiscriminatorWeight;
        Tensor q = Tensor.Minimum(
            Critic1.Forward(Tensor.Concat(input, action)),
            Critic2.Forward(Tensor.Concat(input, action)));
        Tensor perRow = alpha * logProbability - q;
        if (_options.Algorithm == ReinforcementAlgorithm.Mede)
        {
            // Eq. 12: -alpha beta log q(z|s,a) with a = f(eps; s, z). The gradient flows through the
            // discriminator into the action and on into the policy: this is the method's point. The ablation
            // detaches the action, so the discriminator reaches the policy only through Q.
            Tensor discriminatorAction = _options.DiscriminatorGradientToPolicy ? action : action.Detach();
            Tensor logQ = stateAction!.LogProbabilityOf(Tensor.Concat(observations, discriminatorAction), agents);
            perRow -= (alpha * beta) * logQ;
        }

        return (perRow.Mean(), q);
    }

    /// <summary>SAC v2's temperature loss -log alpha (log pi + target entropy), only with automatic tuning.</summary>
    private void UpdateTemperature(Tensor logProbability, string network, long step)
    {
        if (!_options.AutomaticEntropyTuning)
        {
            return;
        }

        Tensor loss = TemperatureLoss(logProbability);
        FiniteGuard.Loss(loss, "temperature", network, "alpha loss", step);
        AlphaOptimizer.ZeroGrad();
        loss.Backward();
        AlphaOptimizer.Step();
    }

    /// <summary>The learner's tensors by name (<paramref name="prefix"/> + <c>policy.0.weight</c>, ...): the policy,
    /// both critics, optionally the target critics, and log alpha. Checkpoints and model files share these names.</summary>
    internal IEnumerable<(string Name, Tensor Value)> NamedTensors(string prefix, bool includeTargets)
    {
        var modules = new List<(string, Module)> { ("policy.", Policy), ("critic1.", Critic1), ("critic2.", Critic2) };
        if (includeTargets)
        {
            modules.Add(("target_critic1.", TargetCritic1));
            modules.Add(("target_critic2.", TargetCritic2));
        }

        foreach (var (name, module) in modules)
        {
            foreach (var (parameter, value) in module.NamedParameters())
            {
                yield return (prefix + name + parameter, value);
            }
        }

        yield return (prefix + "log_alpha", LogAlpha);
    }

    /// <summary>-mean(log alpha (log pi + target entropy)); log pi is detached, so only log alpha learns from it.</summary>
    internal Tensor TemperatureLoss(Tensor logProbability) => -(LogAlpha * (logProbability.Detach() + _targetEntropy)).Mean();

    /// <summary>The entropy target of automatic tuning (-|A| unless set).</summary>
    public float TargetEntropy => _targetEntropy;

    /// <summary>The network input: the observation, with the agent's one-hot appended in shared mode.</summary>
    internal Tensor PolicyInput(Tensor observations, ReadOnlySpan<int> agents) =>
        AgentsInInput > 0 ? Tensor.Concat(observations, Tensor.OneHot(agents, AgentsInInput)) : observations;

    /// <summary>Reparameterised actions in (-1, 1) and their log-probabilities.</summary>
    internal (Tensor Action, Tensor LogProbability) Sample(Tensor input)
    {
        Tensor output = Policy.Forward(input);
        Tensor noise = Tensor.Empty(input.Rows, ActionSize);
        _noise.FillNormal(noise.Data);
        return SquashedGaussian.Sample(output.Slice(0, ActionSize), output.Slice(ActionSize, ActionSize), noise);
    }

    private static void SetRequiresGrad(Module module, bool value)
    {
        var parameters = module.NamedParameters();
        for (int i = 0; i < parameters.Count; i++)
        {
            parameters[i].Parameter.RequiresGrad = value;
        }
    }
}
