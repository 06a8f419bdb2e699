using System.Globalization;
using System.Text;
using Mede.ML.Neural.Autograd;

namespace Mede.ML.Neural;

/// <summary>
/// A row-major float32 matrix (rows x columns; a vector is one row) with reverse-mode automatic differentiation.
/// </summary>
/// <remarks>
/// <para>Tensors made by the user (<see cref="Zeros(int, int, bool)"/>, <see cref="FromArray(float[], int, int, bool)"/>,
/// module parameters) are leaves and own their memory. Tensors returned by operations live on the calling
/// thread's <see cref="Tape"/> and are valid until the enclosing <see cref="TapeScope"/> is disposed.</para>
/// <para>Gradients accumulate into leaves that have <see cref="RequiresGrad"/> until <see cref="ZeroGrad"/>, as in
/// PyTorch. Operations under <see cref="NoGrad"/> record nothing.</para>
/// </remarks>
public sealed partial class Tensor
{
    private float[] _data;
    private float[]? _grad;
    private int _rows;
    private int _columns;
    private bool _requiresGrad;
    private readonly Tape? _tape;

    // The operation record, filled by the op that produced this tensor (see Tensor.Ops.cs).
    private OpKind _op;
    private Tensor? _a;
    private Tensor? _b;
    private Tensor? _c;
    private Tensor[]? _inputs;
    private int _inputCount;
    private float _s0;
    private float _s1;
    private int _i0;
    private int[]? _index;

    private Tensor(int rows, int columns, float[] data, bool requiresGrad, int rank)
    {
        _rows = rows;
        _columns = columns;
        _data = data;
        Rank = rank;
        _op = OpKind.Leaf;
        RequiresGrad = requiresGrad;
    }

    internal Tensor(Tape tape)
    {
        _tape = tape;
        _data = [];
        Rank = 2;
    }

    /// <summary>Number of rows (the batch dimension).</summary>
    public int Rows => _rows;

    /// <summary>Number of columns (the feature dimension).</summary>
    public int Columns => _columns;

    /// <summary>Number of elements.</summary>
    public int Count => _rows * _columns;

    /// <summary>1 for a vector (stored as one row), 2 for a matrix. Only affects how the shape is reported and
    /// saved (a PyTorch bias is 1-D).</summary>
    public int Rank { get; private set; }

    /// <summary>The shape as PyTorch would print it: <c>[n]</c> for a vector, <c>[rows, columns]</c> otherwise.</summary>
    public string Shape => Rank == 1 ? $"[{_columns}]" : $"[{_rows}, {_columns}]";

    /// <summary>The elements, row-major. Writable: this is how inputs are filled in place.</summary>
    public Span<float> Data => _data.AsSpan(0, Count);

    /// <summary>True when a gradient flows to (a leaf) or through (a result) this tensor.</summary>
    public bool RequiresGrad
    {
        get => _requiresGrad;
        set
        {
            if (_op != OpKind.Leaf)
            {
                throw new InvalidOperationException(
                    "RequiresGrad can only be set on leaf tensors (created by the user), not on results of operations.");
            }

            _requiresGrad = value;
            if (value && (_grad is null || _grad.Length < Count))
            {
                _grad = new float[Count];
            }
        }
    }

    /// <summary>True for tensors created by the user rather than by an operation.</summary>
    public bool IsLeaf => _op == OpKind.Leaf;

    /// <summary>The accumulated gradient of a leaf (or of a result after <see cref="Backward"/>).</summary>
    /// <exception cref="InvalidOperationException">The tensor has no gradient buffer.</exception>
    public Span<float> Grad => _grad is null
        ? throw new InvalidOperationException($"This {Shape} tensor has no gradient: set RequiresGrad on it before the forward pass.")
        : _grad.AsSpan(0, Count);

    /// <summary>Element at (<paramref name="row"/>, <paramref name="column"/>).</summary>
    public float this[int row, int column]
    {
        get => _data[CheckedIndex(row, column)];
        set => _data[CheckedIndex(row, column)] = value;
    }

    internal int TapeIndex { get; private set; }

    internal bool GradTouched { get; set; }

    /// <summary>A matrix of zeros.</summary>
    public static Tensor Zeros(int rows, int columns, bool requiresGrad = false)
    {
        CheckShape(rows, columns);
        return new Tensor(rows, columns, new float[rows * columns], requiresGrad, rank: 2);
    }

    /// <summary>A vector of zeros (stored as one row, reported as <c>[n]</c>).</summary>
    public static Tensor Zeros(int length, bool requiresGrad = false)
    {
        CheckShape(1, length);
        return new Tensor(1, length, new float[length], requiresGrad, rank: 1);
    }

    /// <summary>A matrix holding a copy of <paramref name="values"/> (row-major).</summary>
    /// <exception cref="ArgumentException">The length is not rows x columns.</exception>
    public static Tensor FromArray(float[] values, int rows, int columns, bool requiresGrad = false)
    {
        ArgumentNullException.ThrowIfNull(values);
        CheckShape(rows, columns);
        if (values.Length != rows * columns)
        {
            throw new ArgumentException($"FromArray: {values.Length} values cannot fill a [{rows}, {columns}] tensor ({rows * columns} elements).");
        }

        return new Tensor(rows, columns, (float[])values.Clone(), requiresGrad, rank: 2);
    }

    /// <summary>A vector holding a copy of <paramref name="values"/>.</summary>
    public static Tensor FromArray(float[] values, bool requiresGrad = false)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new Tensor(1, values.Length, (float[])values.Clone(), requiresGrad, rank: 1);
    }

    /// <summary>A 1 x 1 tensor.</summary>
    public static Tensor Scalar(float value, bool requiresGrad = false) => FromArray([value], 1, 1, requiresGrad);

    /// <summary>Stops recording gradients on this thread until the returned scope is disposed.</summary>
    public static NoGradScope NoGrad() => NoGradScope.Enter();

    /// <summary>The single value of a 1 x 1 tensor.</summary>
    public float ToScalar() => Count == 1
        ? _data[0]
        : throw new InvalidOperationException($"ToScalar needs a tensor with one element, got {Shape}.");

    /// <summary>A copy of the elements.</summary>
    public float[] ToArray() => Data.ToArray();

    /// <summary>Copies <paramref name="source"/> into this tensor's elements.</summary>
    public void CopyFrom(ReadOnlySpan<float> source)
    {
        if (source.Length != Count)
        {
            throw new ArgumentException($"CopyFrom: the source has {source.Length} values, the tensor {Shape} holds {Count}.");
        }

        source.CopyTo(Data);
    }

    /// <summary>Sets the leaf's accumulated gradient to zero.</summary>
    public void ZeroGrad()
    {
        if (_grad is not null)
        {
            Array.Clear(_grad, 0, Count);
        }
    }

    /// <summary>Back-propagates from this scalar loss: every leaf with <see cref="RequiresGrad"/> that the loss
    /// depends on gets d(loss)/d(leaf) added to its <see cref="Grad"/>.</summary>
    /// <exception cref="InvalidOperationException">The tensor is not 1 x 1, or nothing in it requires a gradient.</exception>
    public void Backward()
    {
        if (Count != 1)
        {
            throw new InvalidOperationException($"Backward needs a scalar loss, got {Shape}; reduce it first with Sum() or Mean().");
        }

        if (!_requiresGrad)
        {
            throw new InvalidOperationException(
                "Backward: the loss does not require a gradient. No parameter with RequiresGrad contributed to it, or it was computed under NoGrad.");
        }

        if (_tape is null)
        {
            return; // A leaf loss: nothing to propagate through.
        }

        _tape.Backward(this);
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append("Tensor").Append(Shape).Append(' ');
        int shownRows = Math.Min(_rows, 6);
        text.Append('[');
        for (int r = 0; r < shownRows; r++)
        {
            text.Append(r == 0 ? "[" : ", [");
            int shownCols = Math.Min(_columns, 8);
            for (int c = 0; c < shownCols; c++)
            {
                text.Append(c == 0 ? string.Empty : ", ").Append(_data[r * _columns + c].ToString("G5", CultureInfo.InvariantCulture));
            }

            text.Append(_columns > shownCols ? ", ...]" : "]");
        }

        text.Append(_rows > shownRows ? ", ...]" : "]");
        return text.ToString();
    }

    internal void Reinitialise(OpKind op, int rows, int columns, bool requiresGrad, int tapeIndex)
    {
        _op = op;
        _rows = rows;
        _columns = columns;
        _requiresGrad = requiresGrad;
        TapeIndex = tapeIndex;
        GradTouched = false;
        _a = _b = _c = null;
        _inputCount = 0;
        int count = rows * columns;
        if (_data.Length < count)
        {
            _data = new float[count];
        }
    }

    /// <summary>The gradient buffer an op adds its contribution to: a leaf's accumulated gradient, or a result's
    /// gradient zeroed the first time the current backward pass reaches it.</summary>
    internal Span<float> GradBufferForAccumulation()
    {
        int count = Count;
        if (_op == OpKind.Leaf)
        {
            return _grad.AsSpan(0, count);
        }

        if (_grad is null || _grad.Length < count)
        {
            _grad = new float[count];
        }

        var span = _grad.AsSpan(0, count);
        if (!GradTouched)
        {
            span.Clear();
            GradTouched = true;
        }

        return span;
    }

    private int CheckedIndex(int row, int column)
    {
        if ((uint)row >= (uint)_rows || (uint)column >= (uint)_columns)
        {
            throw new IndexOutOfRangeException($"Index ({row}, {column}) is outside the tensor {Shape}.");
        }

        return row * _columns + column;
    }

    private static void CheckShape(int rows, int columns)
    {
        if (rows < 0 || columns < 0)
        {
            throw new ArgumentException($"A tensor shape must be non-negative, got [{rows}, {columns}].");
        }
    }
}
