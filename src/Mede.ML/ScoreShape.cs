using Mede.ML.Data;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Mede.ML;

/// <summary>
/// The shape <see cref="ReinforcementTrainerBase.GetOutputSchema"/> returns. ML.NET keeps <c>SchemaShape.Column</c>'s constructor
/// internal, so the four score columns are added the public way: by the <c>GetOutputSchema</c> of a
/// <c>CustomMapping</c> estimator whose output type declares them (it reads no input column and never runs).
/// </summary>
internal static class ScoreShape
{
    private static readonly MLContext s_context = new(seed: 0);

    /// <summary><paramref name="input"/> with PredictedAction, AgentScores (vectors of Single), LogProbability and Q
    /// (Single) added, replacing input columns of those names.</summary>
    public static SchemaShape Append(SchemaShape input)
    {
        var output = SchemaDefinition.Create(typeof(ScoreRow));
        output[ScoreColumns.PredictedAction].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 1);
        output[ScoreColumns.AgentScores].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 1);
        var estimator = s_context.Transforms.CustomMapping<NoInput, ScoreRow>(
            static (_, _) => { }, contractName: null, inputSchemaDefinition: null, outputSchemaDefinition: output);
        return estimator.GetOutputSchema(input);
    }

    /// <summary>The input of the shape-only mapping: no column.</summary>
    internal sealed class NoInput
    {
    }

    /// <summary>The score columns, as <see cref="MedeTransformer.Transform"/> adds them.</summary>
    internal sealed class ScoreRow
    {
        public float[] PredictedAction = [];

        public float[] AgentScores = [];

        public float LogProbability;

        public float Q;
    }
}
