using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Mede.ML.Data;
using Mede.ML.Training;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace Mede.ML.Persistence;

/// <summary>
/// How a <see cref="MedeTransformer"/> is written into ML.NET's model file with ML.NET's public API only (ML.NET
/// keeps the save and load contexts of third-party transformers internal): it saves, in its place, a chain of
/// ML.NET's own transformers that computes the same four columns.
/// <list type="number">
/// <item>a <c>CustomMapping</c> (<see cref="KeyMapping"/>) adds the constant text column <see cref="KeyColumn"/>;</item>
/// <item>a <c>ValueMapping</c> maps that key to <see cref="PayloadColumn"/>, the Mede.ML model itself (its
/// <c>model.json</c> and <c>weights.safetensors</c> zipped and base64-encoded): the model file carries the weights;</item>
/// <item>a <c>CustomMapping</c> (<see cref="ScoreMapping"/>) reads Observation, Action, Agent and the payload and adds
/// LogProbability, Q and the slots of the two vectors (<see cref="SavedScoreSlots"/>), rebuilding the networks from
/// the payload once per process;</item>
/// <item>two <c>Concatenate</c>s join the slots into PredictedAction and AgentScores, vectors of known size;</item>
/// <item><c>DropColumns</c> removes the helper columns.</item>
/// </list>
/// ML.NET finds the two mapping factories on load by their contract names in this assembly.
/// </summary>
internal static class SavedModelChain
{
    /// <summary>The helper column holding the key of the payload.</summary>
    public const string KeyColumn = "MedeModelKey";

    /// <summary>The helper column holding the payload.</summary>
    public const string PayloadColumn = "MedeModel";

    /// <summary>The one key of the value mapping.</summary>
    public const string Key = "mede-model";

    private static readonly MLContext s_context = new(seed: 0);

    /// <summary>The ML.NET chain that stands for <paramref name="model"/> in a saved model file.</summary>
    /// <exception cref="NotSupportedException">The model has more than <see cref="SavedScoreSlots.MaximumSlots"/>
    /// action values or agents.</exception>
    public static ITransformer Build(MedeTransformer model) =>
        Build(model.ObservationSize, model.ActionSize, model.NumberOfAgents, MedeModelFile.ToBytes(model));

    /// <summary>The chain for a payload (<see cref="MedeModelFile.ToBytes"/>) of a model with these sizes.</summary>
    internal static ITransformer Build(int observationSize, int actionSize, int agents, byte[] payloadBytes)
    {
        if (actionSize > SavedScoreSlots.MaximumSlots || agents > SavedScoreSlots.MaximumSlots)
        {
            throw new NotSupportedException(
                $"A model with {actionSize} action values and {agents} agents cannot be saved into an ML.NET model file: the saved chain holds at most {SavedScoreSlots.MaximumSlots} of each. Keep the model in memory, or save its checkpoint (TrainingConfiguration.CheckpointDirectory) and read it with MedeTransformer.FromCheckpoint.");
        }

        string payload = Convert.ToBase64String(payloadBytes);
        var builder = new TrajectoryBuilder(observationSize, actionSize, 1);
        builder.Add(new float[observationSize], new float[actionSize], 0f, new float[observationSize], false, false, 0, 0, 0);
        TrajectoryDataView shape = builder.ToDataView();
        var estimator = s_context.Transforms.CustomMapping<KeyMapping.Input, KeyMapping.Output>(KeyMapping.Map, KeyMapping.ContractName)
            .Append(s_context.Transforms.Conversion.MapValue(PayloadColumn, [new KeyValuePair<string, string>(Key, payload)], KeyColumn))
            .Append(s_context.Transforms.CustomMapping<ScoreMapping.Input, SavedScoreSlots>(ScoreMapping.Map, ScoreMapping.ContractName))
            .Append(s_context.Transforms.Concatenate(ScoreColumns.PredictedAction, [.. Enumerable.Range(0, actionSize).Select(SavedScoreSlots.ActionSlot)]))
            .Append(s_context.Transforms.Concatenate(ScoreColumns.AgentScores, [.. Enumerable.Range(0, agents).Select(SavedScoreSlots.ScoreSlot)]))
            .Append(s_context.Transforms.DropColumns(
            [
                KeyColumn, PayloadColumn,
                .. Enumerable.Range(0, SavedScoreSlots.MaximumSlots).Select(SavedScoreSlots.ActionSlot),
                .. Enumerable.Range(0, SavedScoreSlots.MaximumSlots).Select(SavedScoreSlots.ScoreSlot),
            ]));
        return estimator.Fit(shape);
    }

    /// <summary>
    /// The Mede.ML payload inside a loaded ML.NET model (searched through nested chains), or null when there is none.
    /// </summary>
    public static string? FindPayload(ITransformer model)
    {
        if (model is IEnumerable<ITransformer> chain)
        {
            foreach (ITransformer part in chain)
            {
                if (FindPayload(part) is { } found)
                {
                    return found;
                }
            }

            return null;
        }

        if (model is not ValueMappingTransformer valueMapping)
        {
            return null;
        }

        IDataView keys = s_context.Data.LoadFromEnumerable([new KeyMapping.Output { MedeModelKey = Key }]);
        DataViewSchema output;
        try
        {
            output = valueMapping.GetOutputSchema(keys.Schema);
        }
        catch (ArgumentException)
        {
            return null; // another value mapping, reading another column
        }

        if (output.GetColumnOrNull(PayloadColumn) is not { } column || column.Type is not TextDataViewType)
        {
            return null;
        }

        using DataViewRowCursor cursor = valueMapping.Transform(keys).GetRowCursor([column]);
        ValueGetter<ReadOnlyMemory<char>> getter = cursor.GetGetter<ReadOnlyMemory<char>>(column);
        ReadOnlyMemory<char> value = default;
        if (!cursor.MoveNext())
        {
            return null;
        }

        getter(ref value);
        return value.ToString();
    }

    /// <summary>Adds the constant key column (step 1 of the chain).</summary>
    [CustomMappingFactoryAttribute(ContractName)]
    internal sealed class KeyMapping : CustomMappingFactory<KeyMapping.Input, KeyMapping.Output>
    {
        public const string ContractName = "Mede.ML.ModelKey.v1";

        public static void Map(Input input, Output output) => output.MedeModelKey = Key;

        public override Action<Input, Output> GetMapping() => Map;

        /// <summary>Reads no column.</summary>
        internal sealed class Input
        {
        }

        /// <summary>The key column.</summary>
        internal sealed class Output
        {
            public string MedeModelKey = Key;
        }
    }

    /// <summary>Scores a row with the model in the payload (step 3 of the chain).</summary>
    [CustomMappingFactoryAttribute(ContractName)]
    internal sealed class ScoreMapping : CustomMappingFactory<ScoreMapping.Input, SavedScoreSlots>
    {
        public const string ContractName = "Mede.ML.Score.v1";

        // The payload string is the value mapping's own (the same object every row), so models are cached by
        // reference: the networks are rebuilt once per loaded chain, not once per row.
        private static readonly ConditionalWeakTable<string, MedeTransformer> s_models = new();

        // The slot setters, compiled once: LogProbability, Q, then the action and score slots by index.
        private static readonly Action<SavedScoreSlots, float>[] s_actionSlots = Setters(SavedScoreSlots.ActionSlot);
        private static readonly Action<SavedScoreSlots, float>[] s_scoreSlots = Setters(SavedScoreSlots.ScoreSlot);

        [ThreadStatic]
        private static float[]? t_predicted;

        [ThreadStatic]
        private static float[]? t_scores;

        public static void Map(Input input, SavedScoreSlots output)
        {
            MedeTransformer model = Model(input.MedeModel);
            int agent = input.Agent;
            if ((uint)agent >= (uint)model.NumberOfAgents)
            {
                throw new InvalidOperationException(
                    $"Column '{TrajectoryColumns.Agent}': agent {agent} is outside [0, {model.NumberOfAgents}); the model has {model.NumberOfAgents} agent(s).");
            }

            if (input.Observation.Length != model.ObservationSize || (input.Action.Length != 0 && input.Action.Length != model.ActionSize))
            {
                throw new InvalidOperationException(
                    $"Columns '{TrajectoryColumns.Observation}' and '{TrajectoryColumns.Action}' hold {input.Observation.Length} and {input.Action.Length} values, but the model reads observations of {model.ObservationSize} and actions of {model.ActionSize} (or an empty Action, to score the predicted action).");
            }

            float[] predicted = t_predicted is { } p && p.Length == model.ActionSize ? p : t_predicted = new float[model.ActionSize];
            float[] scores = t_scores is { } q && q.Length == model.NumberOfAgents ? q : t_scores = new float[model.NumberOfAgents];
            model.Score(input.Observation, agent, input.Action, predicted, scores, out output.LogProbability, out output.Q);
            for (int i = 0; i < predicted.Length; i++)
            {
                s_actionSlots[i](output, predicted[i]);
            }

            for (int i = 0; i < scores.Length; i++)
            {
                s_scoreSlots[i](output, scores[i]);
            }
        }

        public override Action<Input, SavedScoreSlots> GetMapping() => Map;

        private static Action<SavedScoreSlots, float>[] Setters(Func<int, string> name)
        {
            var setters = new Action<SavedScoreSlots, float>[SavedScoreSlots.MaximumSlots];
            for (int i = 0; i < setters.Length; i++)
            {
                var target = System.Linq.Expressions.Expression.Parameter(typeof(SavedScoreSlots));
                var value = System.Linq.Expressions.Expression.Parameter(typeof(float));
                var field = System.Linq.Expressions.Expression.Field(target, name(i));
                setters[i] = System.Linq.Expressions.Expression.Lambda<Action<SavedScoreSlots, float>>(
                    System.Linq.Expressions.Expression.Assign(field, value), target, value).Compile();
            }

            return setters;
        }

        private static MedeTransformer Model(ReadOnlyMemory<char> payload)
        {
            string text = MemoryMarshal.TryGetString(payload, out string? whole, out int start, out int length) && start == 0 && length == whole.Length
                ? whole
                : payload.ToString();
            return s_models.GetValue(text, static t => MedeModelFile.FromBytes(Convert.FromBase64String(t), $"the Mede.ML model in column '{PayloadColumn}'"));
        }

        /// <summary>The columns the saved chain reads.</summary>
        internal sealed class Input
        {
            public float[] Observation = [];

            public float[] Action = [];

            public int Agent;

            public ReadOnlyMemory<char> MedeModel;
        }
    }
}
