using Mede.ML.Neural;
using Mede.ML.Neural.Autograd;
using Mede.ML.Replay;

namespace Mede.ML.Algorithms;

public sealed partial class SoftActorCritic
{
    private UpdateLanes[] CreateLanes() => [.. _sets.Select(set => new UpdateLanes(this, set))];

    /// <summary>
    /// The second core's share of one network set's update (see <c>SoftActorCritic.Update.cs</c>): each piece of
    /// work is a delegate made once, so handing it over allocates nothing, and reads the update's inputs from here.
    /// It also holds the buffers the policy step's terms are differentiated in.
    /// </summary>
    internal sealed class UpdateLanes
    {
        private readonly SoftActorCritic _learner;
        private readonly ActorCriticSet _set;
        private ReplayBatch? _batch;
        private Tensor? _input;

        public UpdateLanes(SoftActorCritic learner, ActorCriticSet set)
        {
            _learner = learner;
            _set = set;
            StateActionGradient = () =>
            {
                using TapeScope scope = Tape.Scope();
                StateActionLogQ = CrossEntropyGradient(_learner._stateAction!, _learner._stateActionOptimizer!, Tensor.Concat(_batch!.Observations, _batch.Actions), _batch.Agents);
            };
            StateGradient = () => StateLogQ = CrossEntropyGradient(_learner._state!, _learner._stateOptimizer!, _batch!.Observations, _batch.Agents);
            SecondCriticStep = () => SecondCriticLoss = CriticLoss(_set.Critic.Second, _input!, _batch!.Actions, Target!);
            CriticStepThenPolyak = () =>
            {
                _set.CriticOptimizer.Step();
                _set.TargetCritic.FollowPolyak(_set.Critic, _learner._options.TargetSmoothingCoefficient);
            };
            SecondCriticActionGradient = () => CriticActionGradient(_set.Critic.Second, _input!, SecondCritic);
            SecondCriticActionGradientThenStateGradient = () =>
            {
                SecondCriticActionGradient();
                StateGradient();
            };
        }

        /// <summary>q(z|s,a)'s cross-entropy gradient on the batch's (s, a); sets <see cref="StateActionLogQ"/>.</summary>
        public Action StateActionGradient { get; }

        /// <summary>q(z|s)'s cross-entropy gradient on the batch's s; sets <see cref="StateLogQ"/>.</summary>
        public Action StateGradient { get; }

        /// <summary>Q2's half of the soft Bellman error and its gradient; sets <see cref="SecondCriticLoss"/>.</summary>
        public Action SecondCriticStep { get; }

        /// <summary>The critics' Adam step, then the target critics' Polyak step (which reads the stepped critics).</summary>
        public Action CriticStepThenPolyak { get; }

        /// <summary>Q2 and d(-mean Q2)/da at the policy's actions, into <see cref="SecondCritic"/>.</summary>
        public Action SecondCriticActionGradient { get; }

        /// <summary><see cref="SecondCriticActionGradient"/>, then <see cref="StateGradient"/>.</summary>
        public Action SecondCriticActionGradientThenStateGradient { get; }

        /// <summary>The soft Bellman target y of the running update.</summary>
        public Tensor? Target { get; set; }

        public float SecondCriticLoss { get; private set; }

        public float StateActionLogQ { get; private set; }

        public float StateLogQ { get; private set; }

        /// <summary>Q1 at the policy's actions and its action gradient.</summary>
        public ActionTerm FirstCritic { get; private set; } = ActionTerm.Empty;

        /// <summary>Q2 at the policy's actions and its action gradient.</summary>
        public ActionTerm SecondCritic { get; private set; } = ActionTerm.Empty;

        /// <summary>log q(z|s,a) at the policy's actions and its action gradient.</summary>
        public ActionTerm Discriminator { get; private set; } = ActionTerm.Empty;

        /// <summary>The sum of the terms' action gradients, a constant [rows, actions] tensor.</summary>
        public Tensor ActionGradient { get; private set; } = Tensor.Zeros(0, 0);

        /// <summary>Points the lanes at a new update's inputs.</summary>
        public void Begin(ReplayBatch batch, Tensor input)
        {
            _batch = batch;
            _input = input;
            Target = null;
        }

        /// <summary>Copies the policy's actions into each term's own leaf (the terms are differentiated on two threads
        /// at once, so each accumulates into a gradient of its own), sizing the buffers on first use.</summary>
        public void Prepare(Tensor input, Tensor action)
        {
            _input = input;
            if (ActionGradient.Rows != action.Rows || ActionGradient.Columns != action.Columns)
            {
                FirstCritic = new ActionTerm(action.Rows, action.Columns);
                SecondCritic = new ActionTerm(action.Rows, action.Columns);
                Discriminator = new ActionTerm(action.Rows, action.Columns);
                ActionGradient = Tensor.Zeros(action.Rows, action.Columns);
            }

            FirstCritic.Load(action);
            SecondCritic.Load(action);
            Discriminator.Load(action);
        }
    }

    /// <summary>One term of the policy loss at the policy's actions: the actions as a leaf that takes the term's
    /// gradient, and the term's value per row.</summary>
    internal sealed class ActionTerm
    {
        public static readonly ActionTerm Empty = new(0, 0);

        public ActionTerm(int rows, int actions)
        {
            Action = Tensor.Zeros(rows, actions, requiresGrad: true);
            Values = new float[rows];
        }

        /// <summary>The actions (a leaf with a gradient).</summary>
        public Tensor Action { get; }

        /// <summary>The term per row.</summary>
        public float[] Values { get; }

        /// <summary>Copies <paramref name="action"/>'s values in and zeroes the gradient.</summary>
        public void Load(Tensor action)
        {
            action.Data.CopyTo(Action.Data);
            Action.ZeroGrad();
        }
    }
}
