using Mede.ML.Networks;
using Mede.ML.Neural;
using Mede.ML.Neural.Autograd;
using Mede.ML.Neural.Kernels;
using Mede.ML.Neural.Layers;
using Mede.ML.Replay;

namespace Mede.ML.Algorithms;

// The update: one gradient step of a network set, top to bottom, as in CleanRL's sac_continuous_action.py.
// SAC, DIAYN and MEDE differ only where the comments cite the MEDE paper's equations.
public sealed partial class SoftActorCritic
{
    /// <inheritdoc />
    public UpdateMetrics Update(int set, ReplayBatch batch, long step)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ActorCriticSet n = _sets[set];
        UpdateLanes lanes = _lanes[set];
        bool discriminatorStep = _stateAction is not null && !TrainsDiscriminatorsApart;
        using TapeScope scope = Tape.Scope();
        Tensor input = n.Actor.Input.Encode(batch.Observations, batch.Agents);
        lanes.Begin(batch, input, step);

        // With Gemm.Threads = 2 each step below gives the second core a piece of work that neither reads what this
        // thread writes nor writes what it reads; with one thread the same pieces run here, in the same order, so
        // the results are bit-identical for any thread count (SecondCore). Both samplings' noise was drawn above, the
        // target's first, so that they need not run in that order.

        // 1. Beside: the soft Bellman target y (a constant, see SoftTarget), which reads the policy, the target critics
        // and q(z|s,a). Here: reparameterised actions a~ at s for step 3, which read the policy alone; then the gradient
        // of q(z|s,a)'s cross-entropy, which reads the weights the target reads and writes only their gradients (its
        // Adam step waits for steps 4 and 5, after step 3 has read q(z|s,a) too).
        Tensor action, logProbability;
        using (SecondCore.Lane lane = SecondCore.Start(lanes.TargetStep))
        {
            (action, logProbability) = n.Actor.Sample(input, lanes.Noise);
            if (discriminatorStep)
            {
                lanes.StateActionGradient();
            }

            lane.Finish();
        }

        // 2. Critics: regress Q1 (here) and Q2 (beside) toward y; their losses share nothing but the constant y.
        n.CriticOptimizer.ZeroGrad();
        float criticLoss;
        using (SecondCore.Lane lane = SecondCore.Start(lanes.SecondCriticStep))
        {
            criticLoss = CriticLoss(n.Critic.First, input, batch.Actions, lanes.Target);
            lane.Finish();
            criticLoss += lanes.SecondCriticLoss;
        }

        FiniteGuard.Loss(criticLoss, "critics", n.Name, "soft Bellman error", step);
        FiniteGuard.Gradients(n.Critic.First, "critic 1", n.Name, step);
        FiniteGuard.Gradients(n.Critic.Second, "critic 2", n.Name, step);

        // 3. Policy: minimise alpha (log pi - beta log q(z|s,a)) - min Q at the actions a~ of step 1. The critics and
        // q(z|s,a) are read, not trained, here: freezing them keeps this loss off their weights and saves their weight
        // gradients (two of every layer's three products). The loss reaches the policy through a~, so each frozen
        // network's gradient with respect to a~ is taken apart, then the policy's backward pass takes their sum. See
        // ActionGradient: first the critics' Adam and Polyak steps from step 2's gradients; then Q1, Q2, q(z|s,a) and the
        // gradient of q(z|s)'s cross-entropy (which nothing reads after step 1) on the two cores, in the layout the
        // networks' sizes favour.
        PolicyTerms terms;
        n.Critic.SetRequiresGrad(false);
        n.StateAction?.SetRequiresGrad(false);
        try
        {
            terms = ActionGradient(n, lanes, batch, input, action, stepCritics: true, stateGradientBeside: discriminatorStep);
        }
        finally
        {
            n.Critic.SetRequiresGrad(true);
            n.StateAction?.SetRequiresGrad(true);
        }

        // The policy's backward pass (nothing beside it: a layer's two gradient products take a core each).
        float policyLoss = n.Alpha * Mean(logProbability.Data) + terms.Loss;
        n.PolicyOptimizer.ZeroGrad();
        PolicySurrogate(n, action, logProbability, lanes.ActionGradient).Backward();

        // 4 and 5. Here the policy's Adam step, then the temperature's (SAC v2, only with automatic tuning: -log alpha
        // (log pi + target entropy), log pi detached). Beside them: the discriminators' Adam steps, q(z|s,a)'s and
        // q(z|s)'s, from the gradients taken beside steps 1 and 3 (nothing reads either network after step 3). In
        // separate mode the discriminator trainer takes this same step on batches drawn from every agent
        // (UpdateDiscriminators).
        using (SecondCore.Lane lane = SecondCore.Start(discriminatorStep ? lanes.DiscriminatorSteps : null))
        {
            FiniteGuard.Loss(policyLoss, "policy", n.Name, "policy loss", step);
            FiniteGuard.Gradients(n.Actor.Network, "policy", n.Name, step);
            n.PolicyOptimizer.Step();
            if (_options.AutomaticEntropyTuning)
            {
                Tensor temperatureLoss = TemperatureLoss(n, logProbability);
                FiniteGuard.Loss(temperatureLoss, "temperature", n.Name, "alpha loss", step);
                n.AlphaOptimizer.ZeroGrad();
                temperatureLoss.Backward();
                n.AlphaOptimizer.Step();
            }

            lane.Finish();
        }

        Discriminability? discriminability = discriminatorStep ? lanes.Discriminability : null;

        // The metrics go straight back to the caller: sets update in parallel, so nothing learner-wide may carry them
        // (a shared field written by one set's thread and read back could hand it another set's values).
        UpdateMetrics.FillEntropyByAgent(logProbability.Data, batch.Agents, lanes.EntropyByAgent);
        return new UpdateMetrics(criticLoss, policyLoss, n.Alpha, -Mean(logProbability.Data), terms.MeanQ, discriminability, lanes.EntropyByAgent);
    }

    /// <inheritdoc />
    public Discriminability UpdateDiscriminators(ReplayBatch batch, long step)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (_stateAction is null)
        {
            throw new InvalidOperationException("SAC has no discriminator to train.");
        }

        using TapeScope scope = Tape.Scope();
        float logQStateAction = CrossEntropyGradient(_stateAction, _stateActionOptimizer!, Tensor.Concat(batch.Observations, batch.Actions), batch.Agents);
        float logQState = CrossEntropyGradient(_state!, _stateOptimizer!, batch.Observations, batch.Agents);
        return new Discriminability(
            AdamStep(_stateAction, _stateActionOptimizer!, logQStateAction, "q(z|s,a)", step),
            AdamStep(_state!, _stateOptimizer!, logQState, "q(z|s)", step));
    }

    /// <summary>
    /// The soft Bellman target, a constant (no gradient): y = r_scaled + gamma b V(s'), with
    /// V(s') = min Q_targ(s',a') - alpha log pi(a'|s',z) [+ alpha beta log q(z|s',a') for MEDE, + alpha w log q(z|s')
    /// with the state-discrimination extension] and a' drawn fresh from the current policy; DIAYN adds log q(z|s) to r
    /// instead. b (<see cref="ReplayBatch.Bootstraps"/>) is 0 where the episode terminated at s'; a truncation (a time
    /// limit) bootstraps unless <c>BootstrapTimeLimits</c> is false.
    /// </summary>
    internal Tensor SoftTarget(ActorCriticSet n, ReplayBatch batch)
    {
        Tensor eps = Tensor.Empty(batch.NextObservations.Rows, batch.Actions.Columns);
        n.Noise.FillNormal(eps.Data);
        return SoftTarget(n, batch, eps);
    }

    /// <summary>The soft Bellman target with a' drawn with the noise <paramref name="nextNoise"/> ([rows, actions]).</summary>
    internal Tensor SoftTarget(ActorCriticSet n, ReplayBatch batch, Tensor nextNoise)
    {
        float alpha = n.Alpha, beta = _options.DiscriminatorWeight, gamma = _options.DiscountFactor;
        using (Tensor.NoGrad())
        {
            Tensor nextInput = n.Actor.Input.Encode(batch.NextObservations, batch.Agents);
            var (nextAction, nextLogProbability) = n.Actor.Sample(nextInput, nextNoise);
            Tensor softValue = n.TargetCritic.Min(nextInput, nextAction) - alpha * nextLogProbability;
            Tensor reward = batch.Rewards * _options.RewardScale;
            switch (_options.Algorithm)
            {
                case ReinforcementAlgorithm.Mede:
                    // Eq. 6: the discriminator stands where the prior pi0 stands, inside the soft value and scaled by
                    // alpha: V(s') = E[Q - alpha (log pi(a'|s',z) - beta log q(z|s',a'))].
                    Tensor nextLogQ = n.StateAction!.LogProbabilityOf(Tensor.Concat(batch.NextObservations, nextAction), batch.Agents);
                    softValue += (alpha * beta) * nextLogQ;
                    if (_options.StateDiscriminatorWeight != 0f)
                    {
                        // The extension (not in the paper): alpha w log q(z|s') beside it, so the agent is paid for
                        // I(Z;S) apart from I(Z;S,A) and has a reason to leave states another agent visits.
                        softValue += (alpha * _options.StateDiscriminatorWeight) * n.State!.LogProbabilityOf(batch.NextObservations, batch.Agents);
                    }
                    break;
                case ReinforcementAlgorithm.Diayn:
                    // DIAYN's pseudo-reward log q(z|s) (+ log K when -log p(z) is included), added to r. It scores s_t,
                    // the state the action was taken in, as DIAYN's reference implementation does.
                    Tensor logQ = n.State!.LogProbabilityOf(batch.Observations, batch.Agents);
                    reward += _options.DiaynSubtractLogPrior ? logQ + MathF.Log(n.State.Agents) : logQ;
                    break;
            }

            // Termination stops the bootstrap; a time-limit truncation keeps it unless BootstrapTimeLimits is false.
            return reward + gamma * batch.Bootstraps * softValue;
        }
    }

    /// <summary>
    /// The policy loss's terms other than alpha log pi, per row and averaged: -min Q(s,a,z) [- alpha beta log q(z|s,a)
    /// for MEDE, Eq. 12], at actions a that carry the policy's gradient; and their gradient with respect to a, in
    /// <paramref name="lanes"/>' <see cref="UpdateLanes.ActionGradient"/>. The networks must be frozen (only a takes a
    /// gradient). With <paramref name="stepCritics"/>, the critics' Adam step (from their gradients) and the target
    /// critics' Polyak step come first. With <paramref name="stateGradientBeside"/>, q(z|s)'s cross-entropy gradient
    /// (<see cref="UpdateLanes.StateGradient"/>) is taken too, on the second core.
    /// </summary>
    /// <remarks>
    /// <para>Two layouts, the same results: (a) the critics' step, then Q1 and Q2 here, with q(z|s,a) and q(z|s)
    /// beside; or (b) the critics' step alone, then Q1 and q(z|s,a) here, Q2 and q(z|s) beside. Whichever is shorter
    /// by the networks' sizes runs (<see cref="UpdateLanes.CriticsTogether"/>).</para>
    /// <para>Each row's Q depends on that row's action alone, so the gradient of -min(Q1, Q2) / B is, row by row, that
    /// of -Q1 / B where Q1 &lt;= Q2 (ties to Q1, as <see cref="Tensor.Minimum"/>) and of -Q2 / B elsewhere: both
    /// critics are differentiated in full and the rows picked afterwards.</para>
    /// </remarks>
    internal PolicyTerms ActionGradient(ActorCriticSet n, UpdateLanes lanes, ReplayBatch batch, Tensor input, Tensor action, bool stepCritics = false, bool stateGradientBeside = false)
    {
        float weight = n.Alpha * _options.DiscriminatorWeight;
        bool mede = _options.Algorithm == ReinforcementAlgorithm.Mede;
        int rows = action.Rows, width = action.Columns;
        lanes.Prepare(batch, input, action);
        Action? discriminators = (mede, stateGradientBeside) switch
        {
            (true, true) => lanes.DiscriminatorActionGradientThenStateGradient,
            (true, false) => lanes.DiscriminatorActionGradient,
            (false, true) => lanes.StateGradient,
            _ => null,
        };

        if (discriminators is not null && lanes.CriticsTogether(mede, stateGradientBeside))
        {
            using SecondCore.Lane lane = SecondCore.Start(discriminators);
            if (stepCritics)
            {
                StepCritics(n);
            }

            CriticActionGradient(n.Critic.First, input, lanes.FirstCritic);
            lanes.SecondCriticActionGradient();
            lane.Finish();
        }
        else
        {
            if (stepCritics)
            {
                StepCritics(n);
            }

            using SecondCore.Lane lane = SecondCore.Start(stateGradientBeside ? lanes.SecondCriticActionGradientThenStateGradient : lanes.SecondCriticActionGradient);
            CriticActionGradient(n.Critic.First, input, lanes.FirstCritic);
            if (mede)
            {
                DiscriminatorActionGradient(n, batch, lanes.Discriminator);
            }

            lane.Finish();
        }

        ReadOnlySpan<float> q1 = lanes.FirstCritic.Values, q2 = lanes.SecondCritic.Values;
        ReadOnlySpan<float> g1 = lanes.FirstCritic.Action.Grad, g2 = lanes.SecondCritic.Action.Grad;
        Span<float> gradient = lanes.ActionGradient.Data;
        float sum = 0f, sumQ = 0f;
        for (int r = 0; r < rows; r++)
        {
            bool first = q1[r] <= q2[r];
            float q = first ? q1[r] : q2[r];
            (first ? g1 : g2).Slice(r * width, width).CopyTo(gradient.Slice(r * width, width));
            sumQ += q;
            sum -= q;
        }

        if (mede)
        {
            ReadOnlySpan<float> logQ = lanes.Discriminator.Values;
            for (int r = 0; r < rows; r++)
            {
                sum -= weight * logQ[r];
            }

            if (_options.DiscriminatorGradientToPolicy)
            {
                System.Numerics.Tensors.TensorPrimitives.Add(gradient, lanes.Discriminator.Action.Grad, gradient);
            }
        }

        return new PolicyTerms(sum / rows, sumQ / rows);
    }

    /// <summary>The critics' Adam step from their gradients, theta &lt;- Adam(theta, dL/dtheta), then the targets' Polyak
    /// step, theta_targ &lt;- (1 - tau) theta_targ + tau theta, which reads the stepped critics. The critics are read at
    /// a~ next; the targets, nothing in the rest of the update.</summary>
    private void StepCritics(ActorCriticSet n)
    {
        n.CriticOptimizer.Step();
        n.TargetCritic.FollowPolyak(n.Critic, _options.TargetSmoothingCoefficient);
    }

    /// <summary>
    /// A scalar whose gradient with respect to the policy's weights is the policy loss's: mean(alpha log pi) +
    /// sum(a * g), with g = d(other terms)/da from <see cref="ActionGradient"/>, a constant.
    /// </summary>
    internal static Tensor PolicySurrogate(ActorCriticSet n, Tensor action, Tensor logProbability, Tensor actionGradient) =>
        (n.Alpha * logProbability).Mean() + (action * actionGradient).Sum();

    /// <summary>Q at [input, a] for the action in <paramref name="into"/>, and d(-mean Q)/da, the weights frozen.</summary>
    internal static void CriticActionGradient(Neural.Layers.Sequential critic, Tensor input, ActionTerm into)
    {
        using TapeScope scope = Tape.Scope();
        Tensor q = critic.Forward(Tensor.Concat(input, into.Action));
        q.Data.CopyTo(into.Values);
        (-q.Mean()).Backward();
    }

    /// <summary>log q(z|s,a) for the action in <paramref name="into"/> and, unless the ablation turns it off, d(-alpha
    /// beta mean log q)/da.</summary>
    /// <remarks>Eq. 12: the gradient flows through the discriminator into the action and on into the policy: this is
    /// the method's point. The ablation (DiscriminatorGradientToPolicy = false) keeps the term's value and drops its
    /// gradient, so q(z|s,a) reaches the policy only through Q.</remarks>
    internal void DiscriminatorActionGradient(ActorCriticSet n, ReplayBatch batch, ActionTerm into)
    {
        using TapeScope scope = Tape.Scope();
        Tensor logQ = n.StateAction!.LogProbabilityOf(Tensor.Concat(batch.Observations, into.Action), batch.Agents);
        logQ.Data.CopyTo(into.Values);
        if (_options.DiscriminatorGradientToPolicy)
        {
            (-(n.Alpha * _options.DiscriminatorWeight) * logQ.Mean()).Backward();
        }
    }

    /// <summary>One critic's half of the soft Bellman error, mean (Q - y)^2, back-propagated into its weights.</summary>
    internal static float CriticLoss(Neural.Layers.Sequential critic, Tensor input, Tensor actions, Tensor target)
    {
        using TapeScope scope = Tape.Scope();
        Tensor loss = Functional.MseLoss(critic.Forward(Tensor.Concat(input, actions)), target);
        loss.Backward();
        return loss.ToScalar();
    }

    /// <summary>-mean(log alpha (log pi + target entropy)); log pi is detached, so only log alpha learns from it.</summary>
    internal Tensor TemperatureLoss(ActorCriticSet n, Tensor logProbability) => -(n.LogAlpha * (logProbability.Detach() + _targetEntropy)).Mean();

    /// <summary>The gradient of a discriminator's cross-entropy, -mean log q(z|input), into its (zeroed) gradients;
    /// returns mean log q. Its Adam step is <see cref="AdamStep"/>.</summary>
    private static float CrossEntropyGradient(Discriminator discriminator, Neural.Optim.Adam optimizer, Tensor input, ReadOnlySpan<int> agents)
    {
        using TapeScope scope = Tape.Scope();
        optimizer.ZeroGrad();

        Tensor logQ = discriminator.LogProbabilityOf(input, agents).Mean();
        (-logQ).Backward();
        return logQ.ToScalar();
    }

    /// <summary>Checks a discriminator's loss and gradients from <see cref="CrossEntropyGradient"/> and takes its
    /// Adam step; returns mean log q.</summary>
    internal static float AdamStep(Discriminator discriminator, Neural.Optim.Adam optimizer, float logQ, string name, long step)
    {
        FiniteGuard.Loss(-logQ, "discriminator", name, "cross-entropy", step);
        FiniteGuard.Gradients(discriminator.Network, "discriminator", name, step);
        optimizer.Step();
        return logQ;
    }

    private static float Mean(ReadOnlySpan<float> values) => System.Numerics.Tensors.TensorPrimitives.Sum(values) / values.Length;

    /// <summary>The policy loss's terms other than alpha log pi (mean over rows) and mean min Q.</summary>
    internal readonly record struct PolicyTerms(float Loss, float MeanQ);
}
