namespace Mede.ML.Neural.Autograd;

/// <summary>
/// The record of operations on one thread (a Wengert list), and the arena their results live in.
/// </summary>
/// <remarks>
/// Every operation appends its result tensor to the current thread's tape; <see cref="Tensor.Backward"/> walks
/// the tape backwards from the loss, so creation order is a topological order and no graph search is needed.
/// The i-th result of a step reuses the i-th tensor of the previous step (its buffers are kept and grown only
/// when too small), which is why steady-state training allocates nothing. The price: a tape tensor is valid
/// only until the <see cref="TapeScope"/> that made it is disposed. Copy out what must outlive the step.
/// </remarks>
public sealed class Tape
{
    [ThreadStatic] private static Tape? t_current;

    private readonly List<Tensor> _nodes = new(64);
    private int _count;

    /// <summary>The calling thread's tape (each thread has its own).</summary>
    public static Tape Current => t_current ??= new Tape();

    /// <summary>Number of live results on the tape.</summary>
    public int Count => _count;

    /// <summary>Number of result tensors kept for reuse (the high-water mark).</summary>
    public int Capacity => _nodes.Count;

    /// <summary>Opens a scope on the current thread's tape; disposing it releases every result made inside.</summary>
    public static TapeScope Scope() => Current.OpenScope();

    /// <summary>Opens a scope on this tape.</summary>
    public TapeScope OpenScope() => new(this, _count);

    /// <summary>Releases every result made after <paramref name="mark"/> (a previous <see cref="Count"/>).</summary>
    public void Release(int mark)
    {
        if (mark < 0 || mark > _count)
        {
            throw new ArgumentOutOfRangeException(nameof(mark), mark, $"The tape holds {_count} results; scopes must be released innermost first.");
        }

        _count = mark;
    }

    internal Tensor Next(OpKind op, int rows, int columns, bool requiresGrad)
    {
        Tensor node;
        if (_count < _nodes.Count)
        {
            node = _nodes[_count];
        }
        else
        {
            node = new Tensor(this);
            _nodes.Add(node);
        }

        node.Reinitialise(op, rows, columns, requiresGrad, _count);
        _count++;
        return node;
    }

    internal void Backward(Tensor loss)
    {
        int end = loss.TapeIndex;
        if (end >= _count || !ReferenceEquals(_nodes[end], loss))
        {
            throw new InvalidOperationException(
                "Backward was called on a tensor whose tape scope has already been released; call Backward inside the scope that computed the loss.");
        }

        for (int i = 0; i <= end; i++)
        {
            _nodes[i].GradTouched = false;
        }

        loss.GradBufferForAccumulation()[0] += 1f;
        for (int i = end; i >= 0; i--)
        {
            Tensor node = _nodes[i];
            if (node.GradTouched && node.RequiresGrad)
            {
                node.BackwardStep();
            }
        }
    }
}
