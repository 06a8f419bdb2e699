namespace Mede.ML.Environments;

/// <summary>What an environment does with an action outside its action box.</summary>
public enum InvalidActionHandling
{
    /// <summary>Throw an <see cref="ArgumentException"/> naming the coordinate (the default).</summary>
    Reject,

    /// <summary>Clip each coordinate into the box. NaN is still rejected.</summary>
    Clip,
}
