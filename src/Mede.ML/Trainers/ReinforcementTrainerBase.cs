using Mede.ML.Algorithms;
using Mede.ML.Data;
using Mede.ML.Environments;
using Mede.ML.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Mede.ML;

/// <summary>
/// What MEDE, DIAYN and SAC trainers share: an ML.NET estimator that learns policies online in an environment
/// (optionally after pre-filling its replay buffer from recorded trajectories) and returns a
/// <see cref="MedeTransformer"/>; checkpointing, resuming and recording as its <see cref="TrainingRunSettings"/> say.
/// Made by <c>ml.Reinforcement().Trainers</c>: <see cref="MedeTrainer"/>, <see cref="DiaynTrainer"/>,
/// <see cref="SacTrainer"/>, or <see cref="ReinforcementTrainers.Create"/> for a run described by a
/// <see cref="TrainingConfiguration"/>.
/// </summary>
public abstract class ReinforcementTrainerBase : IEstimator<MedeTransformer>
{
    private readonly TrainingConfiguration _options;
    private readonly ITrainingRecorder? _recorder;

    /// <summary>The configuration is copied and validated (errors name the trainer's options or the run settings).
    /// When its seed is null the run's seed is the next one of the context's random stream, so a context made with the
    /// same seed trains bit-identically. The TorchSharp backend on the default device (<c>cpu</c>) follows the context's
    /// <c>GpuDeviceId</c> and <c>FallbackToCpu</c>, as ML.NET's own GPU-capable trainers do.</summary>
    private protected ReinforcementTrainerBase(MLContext context, TrainingConfiguration configuration, ITrainingRecorder? recorder)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(configuration);
        _options = configuration.Clone();
        _options.Seed ??= context.NextSeed();
        if (_options.Backend == TrainingBackend.TorchSharp && _options.Device == "cpu" && context.GpuDeviceId is int device)
        {
            _options.Device = device >= 0 ? $"cuda:{device}" : _options.Device;
            _options.FallbackToCpu |= context.FallbackToCpu;
        }

        _options.Validate();
        _recorder = recorder;
    }

    /// <summary>The objective this trainer optimises.</summary>
    public ReinforcementAlgorithm Algorithm => _options.Algorithm;

    /// <summary>Everything the trainer runs with, hyperparameters and run settings in one flat record (a copy): what
    /// a run folder's run.json, a checkpoint and the run store keep.</summary>
    public TrainingConfiguration Configuration => _options.Clone();

    /// <summary>How the run is executed and kept (a copy): threads, backend, checkpoints, intervals, the recorder.</summary>
    public TrainingRunSettings RunSettings => _options.ToRunSettings(_recorder);

    /// <summary>The hyperparameters of <see cref="Configuration"/> as the typed options of this trainer.</summary>
    private protected TOptions ReadOptions<TOptions>()
        where TOptions : ReinforcementTrainerOptions, new()
    {
        var options = new TOptions();
        options.ReadFrom(_options);
        return options;
    }

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
    /// and the trainer continues online in <see cref="ReinforcementTrainerOptions.Environment"/>. Recorded actions must be in the
    /// policy's units, the unit cube [-1, 1]^n that the environment's action box is mapped from.
    /// </summary>
    /// <param name="input">An environment adapter, or recorded trajectories.</param>
    /// <param name="progress">Receives progress reports (about four a second, and one at the end), or null.</param>
    /// <param name="cancellationToken">Stops training at the next round; a checkpoint is written first when
    /// <see cref="TrainingRunSettings.CheckpointDirectory"/> is set, then <see cref="OperationCanceledException"/> is thrown.</param>
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
                $"The trainer was given recorded trajectories but no environment to continue in: set {_options.OptionsTypeName}.Environment (and EnvironmentOptions) to a registered environment, or fit on Reinforcement().Data.FromEnvironment(...). Offline-only training is not supported.");
            factory = EnvironmentRegistry.Factory(name, _options.EnvironmentOptions);
        }

        using var session = new TrainingSession(_options, factory, _options.CheckpointDirectory, _recorder);
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
    /// until <see cref="ReinforcementTrainerOptions.TotalSteps"/> of this trainer, in <see cref="ReinforcementTrainerOptions.Environment"/>; every other setting
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
            $"Resume needs the environment to continue in: set {_options.OptionsTypeName}.Environment (and EnvironmentOptions).");
        Func<IEnvironment> factory = EnvironmentRegistry.Factory(name, _options.EnvironmentOptions);
        using var session = TrainingSession.Resume(checkpointDirectory, factory, _options.TotalSteps, _options.CheckpointDirectory, _recorder);
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
