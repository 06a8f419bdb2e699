namespace Mede.ML.Neural.Autograd;

/// <summary>A region of the tape: results made inside are released (kept for reuse) when it is disposed.</summary>
/// <remarks>A struct, so <c>using var scope = Tape.Scope();</c> allocates nothing.</remarks>
public readonly struct TapeScope : IDisposable
{
    private readonly Tape _tape;
    private readonly int _mark;

    internal TapeScope(Tape tape, int mark)
    {
        _tape = tape;
        _mark = mark;
    }

    /// <summary>Releases the results made inside the scope.</summary>
    public void Dispose() => _tape?.Release(_mark);
}
