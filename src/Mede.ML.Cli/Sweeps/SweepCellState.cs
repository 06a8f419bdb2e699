namespace Mede.ML.Cli.Sweeps;

/// <summary>Where a sweep cell's run folder stands.</summary>
internal enum SweepCellState
{
    /// <summary>Nothing usable yet: the run starts from the beginning.</summary>
    New,

    /// <summary>A run folder with a complete checkpoint: the run continues from it.</summary>
    Resumable,

    /// <summary>A <c>mede train</c> holds the cell's run folder (its <c>run.lock</c>): another process trains it now.</summary>
    Running,

    /// <summary>Trained and evaluated (<c>evaluation.json</c> is written last).</summary>
    Finished,

    /// <summary>Not trained here, but held by the report given with <c>--reported</c> (<see cref="ReportedCells"/>): a
    /// finished, evaluated run of the same experiment.</summary>
    Reported,
}
