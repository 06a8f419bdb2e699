using Microsoft.ML;
using Microsoft.ML.Data;

namespace Mede.ML.Data;

/// <summary>Creates and checks the trajectory schema (<see cref="TrajectoryColumns"/>, DESIGN.md).</summary>
public static class TrajectorySchema
{
    // Column positions in the schema Create returns.
    internal const int ObservationIndex = 0;
    internal const int ActionIndex = 1;
    internal const int RewardIndex = 2;
    internal const int NextObservationIndex = 3;
    internal const int TerminatedIndex = 4;
    internal const int TruncatedIndex = 5;
    internal const int AgentIndex = 6;
    internal const int EpisodeIndex = 7;
    internal const int StepIndex = 8;

    /// <summary>
    /// The trajectory schema: Observation, Action, Reward, NextObservation, Terminated, Truncated, Agent, Episode,
    /// Step, in that order.
    /// </summary>
    /// <param name="observationSize">The observation size, at least 1.</param>
    /// <param name="actionSize">The action size, at least 1.</param>
    public static DataViewSchema Create(int observationSize, int actionSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(observationSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(actionSize, 1);
        var builder = new DataViewSchema.Builder();
        builder.AddColumn(TrajectoryColumns.Observation, new VectorDataViewType(NumberDataViewType.Single, observationSize));
        builder.AddColumn(TrajectoryColumns.Action, new VectorDataViewType(NumberDataViewType.Single, actionSize));
        builder.AddColumn(TrajectoryColumns.Reward, NumberDataViewType.Single);
        builder.AddColumn(TrajectoryColumns.NextObservation, new VectorDataViewType(NumberDataViewType.Single, observationSize));
        builder.AddColumn(TrajectoryColumns.Terminated, BooleanDataViewType.Instance);
        builder.AddColumn(TrajectoryColumns.Truncated, BooleanDataViewType.Instance);
        builder.AddColumn(TrajectoryColumns.Agent, NumberDataViewType.Int32);
        builder.AddColumn(TrajectoryColumns.Episode, NumberDataViewType.Int64);
        builder.AddColumn(TrajectoryColumns.Step, NumberDataViewType.Int32);
        return builder.ToSchema();
    }

    /// <summary>
    /// Checks that <paramref name="schema"/> has every trajectory column with its type (other columns may be
    /// there too) and returns the columns in the order of <see cref="Create"/> with the vector sizes; a size is 0
    /// when the column is a vector of unknown size (as a <c>DataFrame</c>'s vector columns are), to be read from the rows.
    /// </summary>
    /// <exception cref="ArgumentException">A column is missing or of the wrong type; the message names it.</exception>
    internal static (DataViewSchema.Column[] Columns, int ObservationSize, int ActionSize) Check(DataViewSchema schema)
    {
        var observation = Require(schema, TrajectoryColumns.Observation, "Vector<Single, observation size>");
        var observationSize = VectorSize(observation, null);
        var action = Require(schema, TrajectoryColumns.Action, "Vector<Single, action size>");
        var actionSize = VectorSize(action, null);
        DataViewSchema.Column[] columns =
        [
            observation,
            action,
            Scalar(schema, TrajectoryColumns.Reward, NumberDataViewType.Single),
            Require(schema, TrajectoryColumns.NextObservation, $"Vector<Single, {observationSize}>"),
            Scalar(schema, TrajectoryColumns.Terminated, BooleanDataViewType.Instance),
            Scalar(schema, TrajectoryColumns.Truncated, BooleanDataViewType.Instance),
            Scalar(schema, TrajectoryColumns.Agent, NumberDataViewType.Int32),
            Scalar(schema, TrajectoryColumns.Episode, NumberDataViewType.Int64),
            Scalar(schema, TrajectoryColumns.Step, NumberDataViewType.Int32),
        ];
        VectorSize(columns[NextObservationIndex], observationSize);
        return (columns, observationSize, actionSize);
    }

    private static DataViewSchema.Column Require(DataViewSchema schema, string name, string expected) =>
        schema.GetColumnOrNull(name) ?? throw new ArgumentException(
            $"The data view has no column '{name}' ({expected}) of the trajectory schema. Its columns are: {schema.DescribeNames()}. Rename or add the column.",
            nameof(schema));

    private static DataViewSchema.Column Scalar(DataViewSchema schema, string name, PrimitiveDataViewType type)
    {
        var column = Require(schema, name, $"{type}");
        if (!column.Type.Equals(type))
        {
            throw new ArgumentException(
                $"Column '{name}' is of type {column.Type} but the trajectory schema needs {type}; convert the column.",
                nameof(schema));
        }

        return column;
    }

    private static int VectorSize(DataViewSchema.Column column, int? expected)
    {
        if (column.Type is not VectorDataViewType vector || !vector.ItemType.Equals(NumberDataViewType.Single))
        {
            throw new ArgumentException(
                $"Column '{column.Name}' is of type {column.Type} but the trajectory schema needs a vector of Single (Vector<Single, n>); convert the column, or join scalar columns with ml.Transforms.Concatenate(\"{column.Name}\", ...).",
                "schema");
        }

        if (expected is { } size && size != 0 && vector.Size != 0 && vector.Size != size)
        {
            throw new ArgumentException(
                $"Column '{column.Name}' is a vector of {vector.Size} but Observation is a vector of {size}; both must have the observation size.",
                "schema");
        }

        return vector.Size;
    }
}
