namespace Mede.ML.Tests.Data;

/// <summary>The trajectory columns with vectors of any size, for reading rollouts of any environment.</summary>
public sealed class RolloutRecord
{
    public float[] Observation { get; set; } = [];

    public float[] Action { get; set; } = [];

    public float Reward { get; set; }

    public float[] NextObservation { get; set; } = [];

    public bool Terminated { get; set; }

    public bool Truncated { get; set; }

    public int Agent { get; set; }

    public long Episode { get; set; }

    public int Step { get; set; }
}
