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
        private long _step;
        private readonly long _criticSize, _stateActionSize, _stateSize;

        public UpdateLanes(SoftActorCritic learner, ActorCriticSet set)
        {
            _learner = learner;
            _set = set;
            _criticSize = set.Critic.First.ParameterCount;
            _stateActionSize = set.StateAction?.Network.ParameterCount ?? 0;
            _stateSize = set.State?.Network.ParameterCount ?? 0;
            EntropyByAgent = new float[learner.NumberOfAgents];
            TargetStep = () =>
            {
                using TapeScope scope = Tape.Scope();
                _learner.SoftTarget(_set, _batch!, NextNoise).Data.CopyTo(Target.Data);
            };
            StateActionGradient = () =>
            {
                using TapeScope scope = Tape.Scope();
                StateActionLogQ = CrossEntropyGradient(_learner._stateAction!, _learner._stateActionOptimizer!, Tensor.Concat(_batch!.Observations, _batch.Actions), _batch.Agents);
            };
            StateGradient = () => StateLogQ = CrossEntropyGradient(_learner._state!, _learner._stateOptimizer!, _batch!.Observations, _batch.Agents);
            SecondCriticStep = () => SecondCriticLoss = CriticLoss(_set.Critic.Second, _input!, _batch!.Actions, Target);
            SecondCriticActionGradient = () => CriticActionGradient(_set.Critic.Second, _input!, SecondCritic);
            SecondCriticActionGradientThenStateGradient = () =>
            {
                SecondCriticActionGradient();
                StateGradient();
            };
            DiscriminatorActionGradient = () => _learner.DiscriminatorActionGradient(_set, _batch!, Discriminator);
            DiscriminatorActionGradientThenStateGradient = () =>
            {
                DiscriminatorActionGradient();
                StateGradient();
            };
            DiscriminatorSteps = () => Discriminability = new Discriminability(
                AdamStep(_learner._stateAction!, _learner._stateActionOptimizer!, StateActionLogQ, "q(z|s,a)", _step),
                AdamStep(_learner._state!, _learner._stateOptimizer!, StateLogQ, "q(z|s)", _step));
        }

        /// <summary>The running update's policy entropy per agent (<see cref="UpdateMetrics.EntropyByAgent"/>).</summary>
        public float[] EntropyByAgent { get; }

        /// <summary>The soft Bellman target y for the batch, with <see cref="NextNoise"/>, into <see cref="Target"/>.</summary>
        public Action TargetStep { get; }

        /// <summary>q(z|s,a)'s cross-entropy gradient on the batch's (s, a); sets <see cref="StateActionLogQ"/>.</summary>
        public Action StateActionGradient { get; }

        /// <summary>q(z|s)'s cross-entropy gradient on the batch's s; sets <see cref="StateLogQ"/>.</summary>
        public Action StateGradient { get; }

        /// <summary>Q2's half of the soft Bellman error and its gradient; sets <see cref="SecondCriticLoss"/>.</summary>
        public Action SecondCriticStep { get; }

        /// <summary>Q2 and d(-mean Q2)/da at the policy's actions, into <see cref="SecondCritic"/>.</summary>
        public Action SecondCriticActionGradient { get; }

        /// <summary><see cref="SecondCriticActionGradient"/>, then <see cref="StateGradient"/>.</summary>
        public Action SecondCriticActionGradientThenStateGradient { get; }

        /// <summary>log q(z|s,a) and d(-alpha beta mean log q)/da at the policy's actions, into <see cref="Discriminator"/>.</summary>
        public Action DiscriminatorActionGradient { get; }

        /// <summary><see cref="DiscriminatorActionGradient"/>, then <see cref="StateGradient"/>.</summary>
        public Action DiscriminatorActionGradientThenStateGradient { get; }

        /// <summary>The Adam steps of q(z|s,a) and q(z|s) from <see cref="StateActionGradient"/> and
        /// <see cref="StateGradient"/>, after their finite checks; sets <see cref="Discriminability"/>.</summary>
        public Action DiscriminatorSteps { get; }

        /// <summary>mean log q(z|s,a) and mean log q(z|s) of the running update, after <see cref="DiscriminatorSteps"/>.</summary>
        public Discriminability Discriminability { get; private set; }

        /// <summary>eps ~ N(0, 1) for the sampling at s' (the target's), drawn before <see cref="Noise"/>.</summary>
        public Tensor NextNoise { get; private set; } = Tensor.Zeros(0, 0);

        /// <summary>eps ~ N(0, 1) for the sampling at s (the policy step's).</summary>
        public Tensor Noise { get; private set; } = Tensor.Zeros(0, 0);

        /// <summary>The soft Bellman target y of the running update, [rows, 1].</summary>
        public Tensor Target { get; private set; } = Tensor.Zeros(0, 0);

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

        /// <summary>
        /// Whether the policy step's action gradients finish sooner as (a) the critics' Adam step, Q1 and Q2 on one core
        /// and the discriminators' work on the other, than as (b) Q1 and q(z|s,a) on one, Q2 and q(z|s) on the other after
        /// the critics' step. Judged by multiply-adds per row: a forward pass costs about a network's parameter count, an
        /// action gradient two passes, a cross-entropy gradient three; the critics' step is small next to either, so a
        /// tie goes to (a), which hides it. Hopper-sized critics favour (a), MultiGoal's 2x128 critics beside 2x256
        /// discriminators favour (b).
        /// </summary>
        /// <param name="mede">Whether q(z|s,a)'s action gradient is taken.</param>
        /// <param name="stateGradient">Whether q(z|s)'s cross-entropy gradient is taken.</param>
        public bool CriticsTogether(bool mede, bool stateGradient)
        {
            long critic = _criticSize;
            long stateAction = mede ? 2 * _stateActionSize : 0;
            long state = stateGradient ? 3 * _stateSize : 0;
            long together = Math.Max(4 * critic, stateAction + state);
            long apart = Math.Max(2 * critic + stateAction, 2 * critic + state);
            return together <= apart;
        }

        /// <summary>Points the lanes at a new update's inputs and draws both samplings' noise from the set's stream, the
        /// target's first (sizing the buffers on first use).</summary>
        public void Begin(ReplayBatch batch, Tensor input, long step)
        {
            _batch = batch;
            _input = input;
            _step = step;
            int rows = batch.Observations.Rows, actions = batch.Actions.Columns;
            if (Noise.Rows != rows || Noise.Columns != actions)
            {
                NextNoise = Tensor.Zeros(rows, actions);
                Noise = Tensor.Zeros(rows, actions);
                Target = Tensor.Zeros(rows, 1);
            }

            _set.Noise.FillNormal(NextNoise.Data);
            _set.Noise.FillNormal(Noise.Data);
        }

        /// <summary>Copies the policy's actions into each term's own leaf (the terms are differentiated on two threads
        /// at once, so each accumulates into a gradient of its own), sizing the buffers on first use.</summary>
        public void Prepare(ReplayBatch batch, Tensor input, Tensor action)
        {
            _batch = batch;
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
