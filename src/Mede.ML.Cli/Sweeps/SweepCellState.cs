namespace Mede.ML.Cli.Sweeps;

/// <summary>Where a sweep cell's run folder stands.</summary>
internal enum SweepCellState
{
    /// <summary>Nothing usable yet: the run starts from the beginning.</summary>
    New,

    /// <summary>A run folder with a complete checkpoint: the run continues from it.</summary>
    Resumable,

    /// <summary>Trained and evaluated (<c>evaluation.json</c> is written last).</summary>
    Finished,
}
