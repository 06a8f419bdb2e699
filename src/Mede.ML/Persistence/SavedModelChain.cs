using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Mede.ML.Data;
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
/// PredictedAction, AgentScores, LogProbability and Q, rebuilding the networks from the payload once per process;</item>
/// <item><c>DropColumns</c> removes the two helper columns.</item>
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
    public static ITransformer Build(MedeTransformer model) =>
        Build(model.ObservationSize, model.ActionSize, MedeModelFile.ToBytes(model));

    /// <summary>The chain for a payload (<see cref="MedeModelFile.ToBytes"/>) of a model with these sizes.</summary>
    internal static ITransformer Build(int observationSize, int actionSize, byte[] payloadBytes)
    {
        string payload = Convert.ToBase64String(payloadBytes);
        var builder = new TrajectoryBuilder(observationSize, actionSize, 1);
        builder.Add(new float[observationSize], new float[actionSize], 0f, new float[observationSize], false, false, 0, 0, 0);
        TrajectoryDataView shape = builder.ToDataView();
        var estimator = s_context.Transforms.CustomMapping<KeyMapping.Input, KeyMapping.Output>(KeyMapping.Map, KeyMapping.ContractName)
            .Append(s_context.Transforms.Conversion.MapValue(PayloadColumn, [new KeyValuePair<string, string>(Key, payload)], KeyColumn))
            .Append(s_context.Transforms.CustomMapping<ScoreMapping.Input, ScoreShape.ScoreRow>(ScoreMapping.Map, ScoreMapping.ContractName))
            .Append(s_context.Transforms.DropColumns(KeyColumn, PayloadColumn));
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
    internal sealed class ScoreMapping : CustomMappingFactory<ScoreMapping.Input, ScoreShape.ScoreRow>
    {
        public const string ContractName = "Mede.ML.Score.v1";

        // The payload string is the value mapping's own (the same object every row), so models are cached by
        // reference: the networks are rebuilt once per loaded chain, not once per row.
        private static readonly ConditionalWeakTable<string, MedeTransformer> s_models = new();

        public static void Map(Input input, ScoreShape.ScoreRow output)
        {
            MedeTransformer model = Model(input.MedeModel);
            if (output.PredictedAction.Length != model.ActionSize)
            {
                output.PredictedAction = new float[model.ActionSize];
            }

            if (output.AgentScores.Length != model.NumberOfAgents)
            {
                output.AgentScores = new float[model.NumberOfAgents];
            }

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

            model.Score(input.Observation, agent, input.Action, output.PredictedAction, output.AgentScores, out output.LogProbability, out output.Q);
        }

        public override Action<Input, ScoreShape.ScoreRow> GetMapping() => Map;

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
