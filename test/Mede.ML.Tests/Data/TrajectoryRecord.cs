using Mede.ML.Data;

namespace Mede.ML.Tests.Data;

/// <summary>A plain record with the trajectory columns, for LoadFromEnumerable and CreateEnumerable.</summary>
public sealed class TrajectoryRecord
{
    [VectorType(2)]
    public float[] Observation { get; set; } = [];

    [VectorType(1)]
    public float[] Action { get; set; } = [];

    public float Reward { get; set; }

    [VectorType(2)]
    public float[] NextObservation { get; set; } = [];

    public bool Terminated { get; set; }

    public bool Truncated { get; set; }

    public int Agent { get; set; }

    public long Episode { get; set; }

    public int Step { get; set; }

    /// <summary>An episode of <paramref name="steps"/> rows of agent 0, episode 0, ending by termination.</summary>
    public static List<TrajectoryRecord> Episode0(int steps) =>
        Enumerable.Range(0, steps).Select(t => new TrajectoryRecord
        {
            Observation = [t * 0.5f, -t],
            Action = [0.25f * t],
            Reward = t + 0.5f,
            NextObservation = [(t + 1) * 0.5f, -(t + 1)],
            Terminated = t == steps - 1,
            Step = t,
        }).ToList();
}
