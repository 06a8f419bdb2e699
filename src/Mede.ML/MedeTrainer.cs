using Mede.ML.Data;
using Mede.ML.Environments;
using Mede.ML.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Mede.ML;

/// <summary>
/// Learns K diverse, high-performing policies with MEDE (Maximum Entropy Diverse Exploration; Cohen et al.),
/// or the DIAYN and SAC baselines, from an environment.
/// </summary>
/// <remarks>
/// <para>MEDE's objective for agent z (Eq. 5, with temperature alpha and discriminator weight beta):
/// J(pi_z) = E[ sum_t r_t + alpha ( -log pi(a_t|s_t,z) + beta log q(z|s_t,a_t) ) ].</para>
/// <para>The discriminator q(z|s,a) stands where the prior pi0 stands in entropy-regularised RL, so the soft
/// value becomes V_z(s) = E_{a~pi_z}[ Q_z(s,a) - alpha log pi(a|s,z) + alpha beta log q(z|s,a) ] (Eq. 6), and the
/// policy loss alpha (log pi - beta log q) - Q is differentiated through q into the reparameterised action.</para>
/// </remarks>
/// <example>
/// <code>
/// var ml = new MLContext(seed: 1);
/// MedeTrainer trainer = ml.Reinforcement().Trainers.Mede(numberOfAgents: 4, totalSteps: 30_000);
/// MedeTransformer model = trainer.Fit(ml.Reinforcement().Data.FromEnvironment(ml.Reinforcement().Environments.MultiGoal()));
/// </code>
/// </example>
public sealed partial class MedeTrainer : IEstimator<MedeTransformer>
{
    private readonly Options _options;

    /// <summary>Made by the catalog (<c>Reinforcement().Trainers</c>); the options are copied and validated. When
    /// <see cref="Options.Seed"/> is null the run's seed is the next one of the context's random stream, so a context
    /// made with the same seed trains bit-identically (with <see cref="Options.Threads"/> = 1).</summary>
    internal MedeTrainer(MLContext context, Options options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Clone();
        _options.Seed ??= context.NextSeed();

        _options.Validate();
    }

    /// <summary>The options the trainer fits with (a copy).</summary>
    public Options TrainerOptions => _options.Clone();

    /// <summary>Where training reports metrics and finished episodes, or null: the CLI plugs in
    /// <see cref="CsvTrainingRecorder"/>; any <see cref="ITrainingRecorder"/> (a database, a live chart) fits.</summary>
    public ITrainingRecorder? Recorder { get; set; }

    /// <summary>The identity of the run being trained, written into its checkpoints
    /// (<see cref="TrainingSession.RunIdentity"/>), or null: a resumed run keeps its checkpoint's.</summary>
    public string? RunIdentity { get; set; }

    /// <summary>What the last <see cref="Fit(IDataView, IProgress{TrainingProgress}, CancellationToken)"/> did:
    /// transitions ever added to each replay buffer and environment steps taken (for tests and diagnostics).</summary>
    internal (long[] ReplayAdded, long Steps)? LastFit { get; private set; }

    /// <summary>Trains on <paramref name="input"/> (see <see cref="Fit(IDataView, IProgress{TrainingProgress}, CancellationToken)"/>).</summary>
    /// <param name="input">An environment adapter, or recorded trajectories.</param>
    public MedeTransformer Fit(IDataView input) => Fit(input, null, CancellationToken.None);

    /// <summary>
    /// Trains and returns the fitted model. When <paramref name="input"/> is an environment adapter
    /// (<c>Reinforcement().Data.FromEnvironment</c>) the trainer learns online in copies of that environment, driving
    /// them with its own agents (the adapter's behaviour policy is not used). Any other view is read as recorded
    /// trajectories (the trajectory schema): its rows pre-fill the replay buffer (routed by Agent in separate mode)
    /// and the trainer continues online in <see cref="Options.Environment"/>. Recorded actions must be in the
    /// policy's units, the unit cube [-1, 1]^n that the environment's action box is mapped from.
    /// </summary>
    /// <param name="input">An environment adapter, or recorded trajectories.</param>
    /// <param name="progress">Receives progress reports (about four a second, and one at the end), or null.</param>
    /// <param name="cancellationToken">Stops training at the next round; a checkpoint is written first when
    /// <see cref="Options.CheckpointDirectory"/> is set, then <see cref="OperationCanceledException"/> is thrown.</param>
    /// <exception cref="ArgumentException">A column is missing or of the wrong type, or a recorded row does not fit
    /// the environment; the message names the column (and the row).</exception>
    /// <exception cref="InvalidOperationException">Recorded trajectories were given but no environment to continue
    /// in, or the adapter wraps an environment object the trainer cannot copy.</exception>
    /// <exception cref="TrainingDivergedException">A loss, gradient or observation was not finite.</exception>
    public MedeTransformer Fit(IDataView input, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckInput(input.Schema);
        Func<IEnvironment> factory;
        TrajectoryDataView? recorded = null;
        if (input is EnvironmentDataView adapter)
        {
            factory = adapter.TrainingFactory ?? throw new InvalidOperationException(
                $"The environment adapter wraps one '{adapter.EnvironmentName}' object, but the trainer needs a fresh environment per agent. Pass a factory to FromEnvironment (for example () => new MyEnvironment()).");
        }
        else
        {
            recorded = TrajectoryDataView.From(input);
            string name = _options.Environment ?? throw new InvalidOperationException(
                "The trainer was given recorded trajectories but no environment to continue in: set MedeTrainer.Options.Environment (and EnvironmentOptions) to a registered environment, or fit on Reinforcement().Data.FromEnvironment(...). Offline-only training is not supported.");
            factory = EnvironmentRegistry.Factory(name, _options.EnvironmentOptions);
        }

        using var session = new TrainingSession(_options, factory, _options.CheckpointDirectory, Recorder);
        session.RunIdentity = RunIdentity;
        if (recorded is not null)
        {
            session.Prefill(recorded);
        }

        session.Run(progress, cancellationToken);
        LastFit = (session.ReplayBuffers.Select(b => b.TotalAdded).ToArray(), session.Step);
        return new MedeTransformer(session);
    }

    /// <summary>
    /// Continues an interrupted run from the newest complete checkpoint under <paramref name="checkpointDirectory"/>
    /// until <see cref="Options.TotalSteps"/> of this trainer, in <see cref="Options.Environment"/>; every other setting
    /// comes from the checkpoint. The continued run takes exactly the steps an uninterrupted one would have taken.
    /// </summary>
    /// <param name="checkpointDirectory">A checkpoints folder (or one checkpoint) written by an earlier fit.</param>
    /// <param name="progress">Receives progress reports, or null.</param>
    /// <param name="cancellationToken">Stops at the next round, writing a checkpoint first.</param>
    /// <exception cref="InvalidOperationException">The options name no environment.</exception>
    /// <exception cref="InvalidDataException">No complete checkpoint, or a damaged one (the file is named).</exception>
    public MedeTransformer Resume(string checkpointDirectory, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(checkpointDirectory);
        string name = _options.Environment ?? throw new InvalidOperationException(
            "Resume needs the environment to continue in: set MedeTrainer.Options.Environment (and EnvironmentOptions).");
        Func<IEnvironment> factory = EnvironmentRegistry.Factory(name, _options.EnvironmentOptions);
        using var session = TrainingSession.Resume(checkpointDirectory, factory, _options.TotalSteps, _options.CheckpointDirectory, Recorder);
        session.RunIdentity ??= RunIdentity;
        session.Run(progress, cancellationToken);
        LastFit = (session.ReplayBuffers.Select(b => b.TotalAdded).ToArray(), session.Step);
        return new MedeTransformer(session);
    }

    /// <summary>
    /// Checks the input shape without training and returns the output of the fitted model's
    /// <see cref="MedeTransformer.Transform"/>: the input's columns and PredictedAction, AgentScores (vectors of
    /// Single), LogProbability and Q (Single).
    /// </summary>
    /// <param name="inputSchema">The shape of the data <see cref="Fit(IDataView)"/> would be given.</param>
    /// <exception cref="ArgumentException">Observation is missing or not a vector of Single, Action is not a
    /// vector of Single, or Agent is not Int32; the message names the column.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        if (!TryFind(inputSchema, TrajectoryColumns.Observation, out SchemaShape.Column observation))
        {
            throw new ArgumentException(
                $"The input has no column '{TrajectoryColumns.Observation}' (Vector<Single>), which the trainer reads. Its columns are: {string.Join(", ", inputSchema.Select(c => $"'{c.Name}'"))}.",
                nameof(inputSchema));
        }

        Require(observation, vector: true, NumberDataViewType.Single, "Vector<Single>");
        if (TryFind(inputSchema, TrajectoryColumns.Action, out SchemaShape.Column action))
        {
            Require(action, vector: true, NumberDataViewType.Single, "Vector<Single>");
        }

        if (TryFind(inputSchema, TrajectoryColumns.Agent, out SchemaShape.Column agent))
        {
            Require(agent, vector: false, NumberDataViewType.Int32, "Int32");
        }

        return ScoreShape.Append(inputSchema);

        static bool TryFind(SchemaShape shape, string name, out SchemaShape.Column found)
        {
            foreach (SchemaShape.Column column in shape)
            {
                if (column.Name == name)
                {
                    found = column;
                    return true;
                }
            }

            found = default;
            return false;
        }

        static void Require(SchemaShape.Column column, bool vector, DataViewType itemType, string expected)
        {
            bool isVector = column.Kind != SchemaShape.Column.VectorKind.Scalar;
            if (isVector != vector || column.IsKey || !column.ItemType.Equals(itemType))
            {
                throw new ArgumentException(
                    $"Column '{column.Name}' is {column} but the trainer reads {expected}; convert the column or rename it.",
                    "inputSchema");
            }
        }
    }

    /// <summary>The checks of <see cref="GetOutputSchema"/> on a data view's schema: Observation a vector of Single,
    /// Action (when present) a vector of Single, Agent (when present) Int32.</summary>
    private static void CheckInput(DataViewSchema schema)
    {
        DataViewSchema.Column observation = schema.GetColumnOrNull(TrajectoryColumns.Observation) ?? throw new ArgumentException(
            $"The input has no column '{TrajectoryColumns.Observation}' (Vector<Single>), which the trainer reads. Its columns are: {schema.DescribeNames()}.",
            "input");
        Require(observation, "Vector<Single>");
        if (schema.GetColumnOrNull(TrajectoryColumns.Action) is { } action)
        {
            Require(action, "Vector<Single>");
        }

        if (schema.GetColumnOrNull(TrajectoryColumns.Agent) is { } agent && !agent.Type.Equals(NumberDataViewType.Int32))
        {
            throw new ArgumentException(
                $"Column '{agent.Name}' is {agent.Type} but the trainer reads Int32; convert the column (ml.Transforms.Conversion.ConvertType) or rename it.",
                "input");
        }

        static void Require(DataViewSchema.Column column, string expected)
        {
            if (column.Type is not VectorDataViewType vector || !vector.ItemType.Equals(NumberDataViewType.Single))
            {
                throw new ArgumentException(
                    $"Column '{column.Name}' is {column.Type} but the trainer reads {expected}; convert the column or rename it.",
                    "input");
            }
        }
    }
}
