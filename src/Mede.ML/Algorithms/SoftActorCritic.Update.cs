using Mede.ML.Networks;
using Mede.ML.Neural;
using Mede.ML.Neural.Autograd;
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
        using TapeScope scope = Tape.Scope();
        Tensor input = n.Actor.Input.Encode(batch.Observations, batch.Agents);

        // 1. Critics: regress Q1 and Q2 toward the soft Bellman target y (a constant, see SoftTarget).
        Tensor target = SoftTarget(n, batch);
        var (q1, q2) = n.Critic.Forward(input, batch.Actions);
        Tensor criticLoss = Functional.MseLoss(q1, target) + Functional.MseLoss(q2, target);
        FiniteGuard.Loss(criticLoss, "critics", n.Name, "soft Bellman error", step);
        n.CriticOptimizer.ZeroGrad();
        criticLoss.Backward();
        FiniteGuard.Gradients(n.Critic.First, "critic 1", n.Name, step);
        FiniteGuard.Gradients(n.Critic.Second, "critic 2", n.Name, step);
        n.CriticOptimizer.Step();

        // 2. Policy: minimise alpha (log pi - beta log q(z|s,a)) - min Q at reparameterised actions. The critics and
        // q(z|s,a) are read, not trained, here: freezing them keeps this loss off their weights and saves their weight
        // gradients (two of every layer's three products). The gradient still flows through them into the action.
        n.Critic.SetRequiresGrad(false);
        n.StateAction?.SetRequiresGrad(false);
        float policyLoss, meanQ;
        Tensor logProbability;
        try
        {
            Tensor action;
            (action, logProbability) = n.Actor.Sample(input, n.Noise);
            var (loss, q) = PolicyLoss(n, batch.Observations, batch.Agents, input, action, logProbability);
            FiniteGuard.Loss(loss, "policy", n.Name, "policy loss", step);
            n.PolicyOptimizer.ZeroGrad();
            loss.Backward();
            FiniteGuard.Gradients(n.Actor.Network, "policy", n.Name, step);
            n.PolicyOptimizer.Step();
            policyLoss = loss.ToScalar();
            meanQ = q.Mean().ToScalar();
        }
        finally
        {
            n.Critic.SetRequiresGrad(true);
            n.StateAction?.SetRequiresGrad(true);
        }

        // 3. Temperature (SAC v2, only with automatic tuning): -log alpha (log pi + target entropy), log pi detached.
        if (_options.AutomaticEntropyTuning)
        {
            Tensor temperatureLoss = TemperatureLoss(n, logProbability);
            FiniteGuard.Loss(temperatureLoss, "temperature", n.Name, "alpha loss", step);
            n.AlphaOptimizer.ZeroGrad();
            temperatureLoss.Backward();
            n.AlphaOptimizer.Step();
        }

        // 4. Discriminators: a cross-entropy step of q(z|s,a) and q(z|s) on this batch. In separate mode the
        // discriminator trainer takes this same step on batches drawn from every agent (UpdateDiscriminators).
        Discriminability? discriminability = _stateAction is not null && !TrainsDiscriminatorsApart
            ? DiscriminatorStep(batch, step)
            : null;

        // 5. Targets: Polyak averaging, theta_targ <- (1 - tau) theta_targ + tau theta.
        n.TargetCritic.FollowPolyak(n.Critic, _options.TargetSmoothingCoefficient);

        // The metrics go straight back to the caller: sets update in parallel, so nothing learner-wide may carry them
        // (a shared field written by one set's thread and read back could hand it another set's values).
        return new UpdateMetrics(criticLoss.ToScalar(), policyLoss, n.Alpha, -logProbability.Mean().ToScalar(), meanQ, discriminability);
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
        return DiscriminatorStep(batch, step);
    }

    /// <summary>
    /// The soft Bellman target, a constant (no gradient): y = r_scaled + gamma (1 - terminated) V(s'), with
    /// V(s') = min Q_targ(s',a') - alpha log pi(a'|s',z) [+ alpha beta log q(z|s',a') for MEDE, + alpha w log q(z|s')
    /// with the state-discrimination extension] and a' drawn fresh
    /// from the current policy; DIAYN adds log q(z|s) to r instead. Truncation (a time limit) bootstraps.
    /// </summary>
    internal Tensor SoftTarget(ActorCriticSet n, ReplayBatch batch)
    {
        float alpha = n.Alpha, beta = _options.DiscriminatorWeight, gamma = _options.DiscountFactor;
        using (Tensor.NoGrad())
        {
            Tensor nextInput = n.Actor.Input.Encode(batch.NextObservations, batch.Agents);
            var (nextAction, nextLogProbability) = n.Actor.Sample(nextInput, n.Noise);
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

            // Only termination stops the bootstrap; a time-limit truncation keeps it (NotTerminated = 1).
            return reward + gamma * batch.NotTerminated * softValue;
        }
    }

    /// <summary>
    /// The policy loss per row, averaged: alpha log pi(a|s,z) - min Q(s,a,z) [- alpha beta log q(z|s,a) for MEDE,
    /// Eq. 12], for actions a = f(eps; s, z) that carry the policy's gradient. Returns the loss and min Q.
    /// </summary>
    internal (Tensor Loss, Tensor Q) PolicyLoss(ActorCriticSet n, Tensor observations, ReadOnlySpan<int> agents, Tensor input, Tensor action, Tensor logProbability)
    {
        float alpha = n.Alpha, beta = _options.DiscriminatorWeight;
        Tensor q = n.Critic.Min(input, action);
        Tensor perRow = alpha * logProbability - q;
        if (_options.Algorithm == ReinforcementAlgorithm.Mede)
        {
            // Eq. 12: the gradient flows through the discriminator into the action and on into the policy: this is
            // the method's point. The ablation detaches the action, so q(z|s,a) reaches the policy only through Q.
            Tensor discriminatorAction = _options.DiscriminatorGradientToPolicy ? action : action.Detach();
            perRow -= (alpha * beta) * n.StateAction!.LogProbabilityOf(Tensor.Concat(observations, discriminatorAction), agents);
        }

        return (perRow.Mean(), q);
    }

    /// <summary>-mean(log alpha (log pi + target entropy)); log pi is detached, so only log alpha learns from it.</summary>
    internal Tensor TemperatureLoss(ActorCriticSet n, Tensor logProbability) => -(n.LogAlpha * (logProbability.Detach() + _targetEntropy)).Mean();

    /// <summary>One cross-entropy step of each discriminator: maximise mean log q(z|s,a) and mean log q(z|s).</summary>
    private Discriminability DiscriminatorStep(ReplayBatch batch, long step)
    {
        float logQStateAction = CrossEntropyStep(_stateAction!, _stateActionOptimizer!, Tensor.Concat(batch.Observations, batch.Actions), batch.Agents, "q(z|s,a)", step);
        float logQState = CrossEntropyStep(_state!, _stateOptimizer!, batch.Observations, batch.Agents, "q(z|s)", step);
        return new Discriminability(logQStateAction, logQState);
    }

    private static float CrossEntropyStep(Discriminator discriminator, Neural.Optim.Adam optimizer, Tensor input, ReadOnlySpan<int> agents, string name, long step)
    {
        Tensor logQ = discriminator.LogProbabilityOf(input, agents).Mean();
        Tensor loss = -logQ;
        FiniteGuard.Loss(loss, "discriminator", name, "cross-entropy", step);
        optimizer.ZeroGrad();
        loss.Backward();
        FiniteGuard.Gradients(discriminator.Network, "discriminator", name, step);
        optimizer.Step();
        return logQ.ToScalar();
    }
}
