namespace Mede.ML.Data;

/// <summary>A problem with one trajectory row: the schema column, the vector item (or -1) and what is wrong.</summary>
internal readonly record struct TrajectoryIssue(string Column, int Item, string Problem);
