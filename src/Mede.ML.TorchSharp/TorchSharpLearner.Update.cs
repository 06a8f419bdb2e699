using Mede.ML.Algorithms;
using Mede.ML.Replay;
using Mede.ML.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Mede.ML.TorchSharp;

// The update: one gradient step of a network set, top to bottom, the same steps and the same float32 arithmetic as the
// managed SoftActorCritic.Update.cs. Every tensor made here belongs to the dispose scope of the call.
public sealed partial class TorchSharpLearner
{
    /// <inheritdoc />
    public UpdateMetrics Update(int set, ReplayBatch batch, long step)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ActorCriticSlot n = _sets[set];
        ActorCriticModule m = n.Module;
        using DisposeScope scope = NewDisposeScope();
        BatchTensors b = n.Batch;
        b.Fill(batch);
        float alpha = n.Alpha, beta = _options.DiscriminatorWeight;
        // The scalars alpha moves (automatic tuning), held until the update returns: a temporary scalar could be freed
        // while libtorch reads it (TorchScalars); the constant ones are the learner's.
        using Scalar alphaScalar = alpha.ToScalar(), discriminatorScale = (alpha * beta).ToScalar(), stateScale = (alpha * _options.StateDiscriminatorWeight).ToScalar();
        Tensor input = n.Input.OneHotAgents > 0 ? cat([b.Observations, b.OneHot], 1) : b.Observations;

        // DIAYN with the discriminators trained here (shared mode) reads q(z|s_t) with the very weights and rows that its
        // cross-entropy step (4.) trains on, and nothing changes them in between: one forward pass serves both, the reward
        // reading it detached. (Separate mode reads an agent's copy, and trains the original on another batch.)
        Tensor? stateLogQ = _options.Algorithm == ReinforcementAlgorithm.Diayn && _discriminators is not null && !TrainsDiscriminatorsApart
            ? LogQ(_discriminators.State, b.Observations, b.Agents)
            : null;

        // 1. Critics: regress Q1 and Q2 toward the soft Bellman target y, a constant (computed without autograd):
        // y = r_scaled + gamma (1 - terminated) V(s'), V(s') = min Q_targ(s',a') - alpha log pi(a'|s',z), a' fresh from pi.
        Tensor target;
        using (no_grad())
        {
            Tensor nextInput = n.Input.OneHotAgents > 0 ? cat([b.NextObservations, b.OneHot], 1) : b.NextObservations;
            var (nextAction, nextLogProbability) = Sample(m, nextInput, DrawNoise(n, b.NextNoise));
            Tensor nextPair = cat([nextInput, nextAction], 1);
            Tensor softValue = minimum(m.TargetCritic1.forward(nextPair), m.TargetCritic2.forward(nextPair)) - alphaScalar * nextLogProbability;
            Tensor reward = b.Rewards * _rewardScale;
            switch (_options.Algorithm)
            {
                case ReinforcementAlgorithm.Mede:
                    // Eq. 6: the discriminator stands where the prior pi0 stands, inside the soft value, scaled by alpha.
                    softValue += discriminatorScale * LogQ(n.StateActionReader!, cat([b.NextObservations, nextAction], 1), b.Agents);
                    if (_options.StateDiscriminatorWeight != 0f)
                    {
                        // The extension (not in the paper): alpha w log q(z|s'), the state posterior, beside it.
                        softValue += stateScale * LogQ(n.StateReader!, b.NextObservations, b.Agents);
                    }
                    break;
                case ReinforcementAlgorithm.Diayn:
                    // DIAYN's pseudo-reward log q(z|s) of s_t (+ log K when -log p(z) is included), added to r.
                    Tensor logQ = stateLogQ?.detach() ?? LogQ(n.StateReader!, b.Observations, b.Agents);
                    reward += _options.DiaynSubtractLogPrior ? logQ + _logK : logQ;
                    break;
            }

            // Termination stops the bootstrap; a time-limit truncation keeps it unless BootstrapTimeLimits is false.
            target = reward + _gamma * b.Bootstraps * softValue;
        }

        Tensor pair = cat([input, b.Actions], 1);
        Tensor criticLoss = (m.Critic1.forward(pair) - target).square().mean() + (m.Critic2.forward(pair) - target).square().mean();
        float criticLossValue = Finite(criticLoss, "critics", n.Name, "soft Bellman error", step);
        n.CriticOptimizer.ZeroGrad();
        criticLoss.backward();
        FiniteGradients(m.Critic1, "critic 1", n.Name, step);
        FiniteGradients(m.Critic2, "critic 2", n.Name, step);
        n.CriticOptimizer.Step();

        // 2. Policy: minimise alpha (log pi - beta log q(z|s,a)) - min Q at reparameterised actions. The critics and
        // q(z|s,a) are read, not trained, here: frozen, so this loss leaves their weights (and their .grad) alone while
        // the gradient still flows through them into the action.
        SetRequiresGrad(false, m.Critic1, m.Critic2, n.StateActionReader);
        Tensor logProbability;
        float policyLossValue, meanQ;
        try
        {
            (Tensor action, logProbability) = Sample(m, input, DrawNoise(n, b.Noise));
            Tensor policyPair = cat([input, action], 1);
            Tensor q = minimum(m.Critic1.forward(policyPair), m.Critic2.forward(policyPair));
            Tensor perRow = alphaScalar * logProbability - q;
            if (_options.Algorithm == ReinforcementAlgorithm.Mede)
            {
                // Eq. 12: the gradient flows through the discriminator into the action and on into the policy (the
                // method's point). The ablation detaches the action, so q(z|s,a) reaches the policy only through Q.
                Tensor discriminatorAction = _options.DiscriminatorGradientToPolicy ? action : action.detach();
                perRow -= discriminatorScale * LogQ(n.StateActionReader!, cat([b.Observations, discriminatorAction], 1), b.Agents);
            }

            Tensor policyLoss = perRow.mean();
            policyLossValue = Finite(policyLoss, "policy", n.Name, "policy loss", step);
            n.PolicyOptimizer.ZeroGrad();
            policyLoss.backward();
            FiniteGradients(m.Policy, "policy", n.Name, step);
            n.PolicyOptimizer.Step();
            meanQ = q.mean().item<float>();
        }
        finally
        {
            SetRequiresGrad(true, m.Critic1, m.Critic2, n.StateActionReader);
        }

        // 3. Temperature (SAC v2, only with automatic tuning): -log alpha (log pi + target entropy), log pi detached.
        if (_options.AutomaticEntropyTuning)
        {
            Tensor temperatureLoss = -(m.LogAlpha * (logProbability.detach() + _targetEntropy)).mean();
            Finite(temperatureLoss, "temperature", n.Name, "alpha loss", step);
            n.AlphaOptimizer.ZeroGrad();
            temperatureLoss.backward();
            n.AlphaOptimizer.Step();
        }

        // 4. Discriminators: a cross-entropy step of q(z|s,a) and q(z|s) on this batch. In separate mode the
        // discriminator trainer takes this same step on batches drawn from every agent (UpdateDiscriminators).
        Discriminability? discriminability = _discriminators is not null && !TrainsDiscriminatorsApart ? DiscriminatorStep(b, step, stateLogQ) : null;

        // 5. Targets: Polyak averaging, theta_targ <- (1 - tau) theta_targ + tau theta.
        using (no_grad())
        {
            foreach (var (targetParameter, source) in m.TargetCritic1.parameters().Concat(m.TargetCritic2.parameters())
                .Zip(m.Critic1.parameters().Concat(m.Critic2.parameters())))
            {
                targetParameter.mul_(_keep).add_(source, alpha: _take);
            }
        }

        // Returned, not kept on the learner: sets may update on several threads at once (see SoftActorCritic.Update).
        float[] entropyByAgent = new float[_options.NumberOfAgents];
        UpdateMetrics.FillEntropyByAgent(logProbability.detach().cpu().data<float>().ToArray(), batch.Agents, entropyByAgent);
        return new UpdateMetrics(criticLossValue, policyLossValue, n.Alpha, -logProbability.mean().item<float>(), meanQ, discriminability, entropyByAgent);
    }

    /// <inheritdoc />
    public Discriminability UpdateDiscriminators(ReplayBatch batch, long step)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (_discriminators is null)
        {
            throw new InvalidOperationException("SAC has no discriminator to train.");
        }

        using DisposeScope scope = NewDisposeScope();
        _discriminatorBatch.Fill(batch);
        return DiscriminatorStep(_discriminatorBatch, step, stateLogQ: null);
    }

    /// <summary>
    /// a = tanh(mu + exp(clamp(log sigma)) eps) and log pi(a|s,z) per row, with the tanh correction in its stable form
    /// log(1 - tanh(u)^2) = 2 (log 2 - u - softplus(-2u)) (the managed SquashedGaussian, term for term).
    /// </summary>
    private static (Tensor Action, Tensor LogProbability) Sample(ActorCriticModule m, Tensor input, Tensor eps)
    {
        Tensor output = m.Policy.forward(input);
        Tensor mean = output.narrow(1, 0, m.ActionSize);
        Tensor logStd = output.narrow(1, m.ActionSize, m.ActionSize).clamp(TorchScalars.LogStdMin, TorchScalars.LogStdMax);
        Tensor u = mean + logStd.exp() * eps;
        Tensor gaussian = TorchScalars.MinusHalf * eps.square() - logStd - TorchScalars.HalfLogTwoPi;
        Tensor logJacobian = TorchScalars.Two * (TorchScalars.LogTwo - u - nn.functional.softplus(TorchScalars.MinusTwo * u));
        return (u.tanh(), (gaussian - logJacobian).sum(1, keepdim: true));
    }

    /// <summary>log q(z_r|x_r) of each row's own agent, [rows, 1].</summary>
    private static Tensor LogQ(Sequential discriminator, Tensor x, Tensor agents) => discriminator.forward(x).log_softmax(1).gather(1, agents);

    /// <summary>eps ~ N(0, I) drawn from the set's Mede.ML stream (as the managed learner draws it), into <paramref name="into"/>.</summary>
    private static Tensor DrawNoise(ActorCriticSlot n, Tensor into)
    {
        n.Noise.FillNormal(n.Batch.NoiseStaging);
        TorchCopy.From(n.Batch.NoiseStaging, into);
        return into;
    }

    /// <summary>One cross-entropy step of each discriminator: maximise mean log q(z|s,a) and mean log q(z|s).</summary>
    /// <param name="b">The batch.</param>
    /// <param name="step">The environment step (for error messages).</param>
    /// <param name="stateLogQ">Null, or log q(z|s) of this batch already computed (with its graph) by the current weights.</param>
    private Discriminability DiscriminatorStep(BatchTensors b, long step, Tensor? stateLogQ)
    {
        float logQStateAction = CrossEntropyStep(_discriminators!.StateAction, _stateActionOptimizer!, LogQ(_discriminators.StateAction, cat([b.Observations, b.Actions], 1), b.Agents), "q(z|s,a)", step);
        float logQState = CrossEntropyStep(_discriminators.State, _stateOptimizer!, stateLogQ ?? LogQ(_discriminators.State, b.Observations, b.Agents), "q(z|s)", step);
        return new Discriminability(logQStateAction, logQState);
    }

    private static float CrossEntropyStep(Sequential discriminator, TorchAdam optimizer, Tensor rowLogQ, string name, long step)
    {
        Tensor loss = -rowLogQ.mean();
        float value = Finite(loss, "discriminator", name, "cross-entropy", step);
        optimizer.ZeroGrad();
        loss.backward();
        FiniteGradients(discriminator, "discriminator", name, step);
        optimizer.Step();
        return -value;
    }

    /// <summary>The loss as a float, after checking it is finite (stops training before an optimiser step spreads a NaN).</summary>
    private static float Finite(Tensor loss, string role, string owner, string term, long step)
    {
        float value = loss.item<float>();
        if (!float.IsFinite(value))
        {
            throw new TrainingDivergedException($"{role} ({owner})", term, step, $"the loss is {value}");
        }

        return value;
    }

    /// <summary>One sum per parameter: a sum is finite only if every element is.</summary>
    private static void FiniteGradients(nn.Module module, string role, string owner, long step)
    {
        foreach (var (name, parameter) in module.named_parameters())
        {
            using Tensor? grad = parameter.grad;
            if (grad is not null && !float.IsFinite(grad.sum().item<float>()))
            {
                throw new TrainingDivergedException($"{role} ({owner})", $"gradient of {name}", step, "a gradient element is not finite");
            }
        }
    }

    private static void SetRequiresGrad(bool value, params nn.Module?[] modules)
    {
        foreach (nn.Module? module in modules)
        {
            foreach (Parameter p in module?.parameters() ?? [])
            {
                p.requires_grad = value;
            }
        }
    }
}
