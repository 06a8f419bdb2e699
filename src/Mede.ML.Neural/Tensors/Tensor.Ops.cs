using System.Numerics.Tensors;
using Mede.ML.Neural.Autograd;
using Mede.ML.Neural.Kernels;

namespace Mede.ML.Neural;

// Forward passes of the operations. Each records what its backward pass needs (Tensor.Backward.cs).
public sealed partial class Tensor
{
    // ---- matrix products -------------------------------------------------------------------------------------

    /// <summary>op(a) x op(b), where op transposes when asked: [m, k] x [k, n] = [m, n].</summary>
    public static Tensor MatMul(Tensor a, Tensor b, bool transposeA = false, bool transposeB = false)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        (int m, int ka) = transposeA ? (a._columns, a._rows) : (a._rows, a._columns);
        (int kb, int n) = transposeB ? (b._columns, b._rows) : (b._rows, b._columns);
        if (ka != kb)
        {
            throw new ArgumentException(
                $"MatMul: inner dimensions differ: {(transposeA ? "a^T" : "a")} is [{m}, {ka}] (a is {a.Shape}), " +
                $"{(transposeB ? "b^T" : "b")} is [{kb}, {n}] (b is {b.Shape}).");
        }

        Tensor y = Result(OpKind.MatMul, m, n, a, b);
        y._i0 = (transposeA ? 1 : 0) | (transposeB ? 2 : 0);
        Gemm.Multiply(transposeA, transposeB, m, n, ka, 1f, a.Data, a._columns, b.Data, b._columns, 0f, y.Data, n);
        return y;
    }

    /// <summary>The affine map of <c>nn.Linear</c>: x W^T + b, with W stored [out, in] as in PyTorch and b a
    /// vector of length out (or null). One fused operation: a GEMM writing on top of the broadcast bias.</summary>
    public static Tensor Linear(Tensor input, Tensor weight, Tensor? bias)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        if (input._columns != weight._columns)
        {
            throw new ArgumentException($"Linear: the input {input.Shape} has {input._columns} features, the weight {weight.Shape} expects {weight._columns}.");
        }

        int batch = input._rows, outputs = weight._rows;
        if (bias is not null && (bias._rows != 1 || bias._columns != outputs))
        {
            throw new ArgumentException($"Linear: the bias {bias.Shape} does not match the weight's {outputs} outputs.");
        }

        Tensor y = Result(OpKind.Linear, batch, outputs, input, weight, bias);
        Span<float> yData = y.Data;
        float beta = 0f;
        if (bias is not null)
        {
            ReadOnlySpan<float> b = bias.Data;
            for (int r = 0; r < batch; r++)
            {
                b.CopyTo(yData.Slice(r * outputs, outputs));
            }

            beta = 1f;
        }

        Gemm.Multiply(false, true, batch, outputs, input._columns, 1f, input.Data, input._columns, weight.Data, weight._columns, beta, yData, outputs);
        return y;
    }

    // ---- element-wise binary operations with broadcasting --------------------------------------------------------

    /// <summary>a + b, broadcasting a dimension of size 1 (bias rows, per-row columns, scalars).</summary>
    public static Tensor operator +(Tensor a, Tensor b) => Binary(OpKind.Add, a, b);

    /// <summary>a - b, with broadcasting.</summary>
    public static Tensor operator -(Tensor a, Tensor b) => Binary(OpKind.Subtract, a, b);

    /// <summary>a * b element-wise, with broadcasting.</summary>
    public static Tensor operator *(Tensor a, Tensor b) => Binary(OpKind.Multiply, a, b);

    /// <summary>a / b element-wise, with broadcasting.</summary>
    public static Tensor operator /(Tensor a, Tensor b) => Binary(OpKind.Divide, a, b);

    /// <summary>Element-wise minimum (ties send the gradient to <paramref name="a"/>), with broadcasting.</summary>
    public static Tensor Minimum(Tensor a, Tensor b) => Binary(OpKind.Minimum, a, b);

    /// <summary>Element-wise maximum (ties send the gradient to <paramref name="a"/>), with broadcasting.</summary>
    public static Tensor Maximum(Tensor a, Tensor b) => Binary(OpKind.Maximum, a, b);

    // ---- scalar arithmetic: one fused affine op, no scalar tensor is allocated -----------------------------------

    /// <summary>x * s.</summary>
    public static Tensor operator *(Tensor x, float s) => Affine(x, s, 0f);

    /// <summary>s * x.</summary>
    public static Tensor operator *(float s, Tensor x) => Affine(x, s, 0f);

    /// <summary>x / s.</summary>
    public static Tensor operator /(Tensor x, float s) => Affine(x, 1f / s, 0f);

    /// <summary>x + s.</summary>
    public static Tensor operator +(Tensor x, float s) => Affine(x, 1f, s);

    /// <summary>s + x.</summary>
    public static Tensor operator +(float s, Tensor x) => Affine(x, 1f, s);

    /// <summary>x - s.</summary>
    public static Tensor operator -(Tensor x, float s) => Affine(x, 1f, -s);

    /// <summary>s - x.</summary>
    public static Tensor operator -(float s, Tensor x) => Affine(x, -1f, s);

    /// <summary>-x.</summary>
    public static Tensor operator -(Tensor x) => Affine(x, -1f, 0f);

    /// <summary>scale * x + shift, element-wise.</summary>
    public static Tensor Affine(Tensor x, float scale, float shift)
    {
        ArgumentNullException.ThrowIfNull(x);
        Tensor y = Result(OpKind.Affine, x._rows, x._columns, x);
        y._s0 = scale;
        y._s1 = shift;
        TensorPrimitives.Multiply(x.Data, scale, y.Data);
        if (shift != 0f)
        {
            TensorPrimitives.Add(y.Data, shift, y.Data);
        }

        return y;
    }

    // ---- element-wise unary operations -----------------------------------------------------------------------------

    /// <summary>-x.</summary>
    public Tensor Neg() => Affine(this, -1f, 0f);

    /// <summary>max(x, 0).</summary>
    public Tensor Relu()
    {
        Tensor y = Unary(OpKind.Relu);
        TensorPrimitives.Max(Data, 0f, y.Data);
        return y;
    }

    /// <summary>tanh(x).</summary>
    public Tensor Tanh()
    {
        Tensor y = Unary(OpKind.Tanh);
        TensorPrimitives.Tanh(Data, y.Data);
        return y;
    }

    /// <summary>1 / (1 + exp(-x)).</summary>
    public Tensor Sigmoid()
    {
        Tensor y = Unary(OpKind.Sigmoid);
        if (Count > 0)
        {
            TensorPrimitives.Sigmoid(Data, y.Data); // it rejects empty spans
        }

        return y;
    }

    /// <summary>exp(x).</summary>
    public Tensor Exp()
    {
        Tensor y = Unary(OpKind.Exp);
        TensorPrimitives.Exp(Data, y.Data);
        return y;
    }

    /// <summary>The natural logarithm.</summary>
    public Tensor Log()
    {
        Tensor y = Unary(OpKind.Log);
        TensorPrimitives.Log(Data, y.Data);
        return y;
    }

    /// <summary>log(1 + exp(x)), computed as max(x, 0) + log(1 + exp(-|x|)) so it neither overflows nor loses
    /// the small values.</summary>
    public Tensor Softplus()
    {
        Tensor y = Unary(OpKind.Softplus);
        ReadOnlySpan<float> x = Data;
        Span<float> o = y.Data;
        for (int i = 0; i < x.Length; i++)
        {
            o[i] = StableSoftplus(x[i]);
        }

        return y;
    }

    /// <summary>x squared.</summary>
    public Tensor Square()
    {
        Tensor y = Unary(OpKind.Square);
        TensorPrimitives.Multiply(Data, Data, y.Data);
        return y;
    }

    /// <summary>The square root.</summary>
    public Tensor Sqrt()
    {
        Tensor y = Unary(OpKind.Sqrt);
        TensorPrimitives.Sqrt(Data, y.Data);
        return y;
    }

    /// <summary>x limited to [min, max]; the gradient passes where min &lt;= x &lt;= max (as in PyTorch).</summary>
    public Tensor Clamp(float min, float max)
    {
        if (!(min <= max))
        {
            throw new ArgumentException($"Clamp: min {min} must not exceed max {max}.");
        }

        Tensor y = Unary(OpKind.Clamp);
        y._s0 = min;
        y._s1 = max;
        TensorPrimitives.Clamp(Data, min, max, y.Data);
        return y;
    }

    // ---- reductions ----------------------------------------------------------------------------------------------

    /// <summary>The sum of all elements, as a 1 x 1 tensor.</summary>
    public Tensor Sum()
    {
        Tensor y = Result(OpKind.Sum, 1, 1, this);
        y._data[0] = TensorPrimitives.Sum(Data);
        return y;
    }

    /// <summary>The mean of all elements, as a 1 x 1 tensor.</summary>
    public Tensor Mean()
    {
        RequireNonEmpty("Mean");
        Tensor y = Result(OpKind.Mean, 1, 1, this);
        y._data[0] = TensorPrimitives.Sum(Data) / Count;
        return y;
    }

    /// <summary>The sum of each row, as a [rows, 1] column (PyTorch's sum(dim=1, keepdim=True)).</summary>
    public Tensor SumRows()
    {
        Tensor y = Result(OpKind.SumRows, _rows, 1, this);
        for (int r = 0; r < _rows; r++)
        {
            y._data[r] = TensorPrimitives.Sum(RowSpan(r));
        }

        return y;
    }

    /// <summary>The mean of each row, as a [rows, 1] column.</summary>
    public Tensor MeanRows()
    {
        RequireNonEmpty("MeanRows");
        Tensor y = Result(OpKind.MeanRows, _rows, 1, this);
        for (int r = 0; r < _rows; r++)
        {
            y._data[r] = TensorPrimitives.Sum(RowSpan(r)) / _columns;
        }

        return y;
    }

    // ---- structure -----------------------------------------------------------------------------------------------

    /// <summary>Joins tensors with equal row counts side by side (along the features).</summary>
    public static Tensor Concat(params ReadOnlySpan<Tensor> parts)
    {
        if (parts.Length == 0)
        {
            throw new ArgumentException("Concat needs at least one tensor.");
        }

        int rows = parts[0]._rows, columns = 0;
        foreach (Tensor part in parts)
        {
            if (part._rows != rows)
            {
                throw new ArgumentException($"Concat: every part needs {rows} rows (the first is {parts[0].Shape}), got {part.Shape}.");
            }

            columns += part._columns;
        }

        bool requiresGrad = false;
        foreach (Tensor part in parts)
        {
            requiresGrad |= part._requiresGrad;
        }

        Tensor y = Tape.Current.Next(OpKind.Concat, rows, columns, requiresGrad && NoGradScope.IsGradEnabled);
        if (y._inputs is null || y._inputs.Length < parts.Length)
        {
            y._inputs = new Tensor[Math.Max(4, parts.Length)];
        }

        parts.CopyTo(y._inputs);
        y._inputCount = parts.Length;
        Span<float> o = y.Data;
        int offset = 0;
        foreach (Tensor part in parts)
        {
            for (int r = 0; r < rows; r++)
            {
                part.RowSpan(r).CopyTo(o.Slice(r * columns + offset, part._columns));
            }

            offset += part._columns;
        }

        return y;
    }

    /// <summary>Columns [start, start + length) of every row.</summary>
    public Tensor Slice(int start, int length)
    {
        if (start < 0 || length < 0 || start + length > _columns)
        {
            throw new ArgumentOutOfRangeException(nameof(start), $"Slice [{start}, {start + length}) lies outside the {_columns} columns of {Shape}.");
        }

        Tensor y = Result(OpKind.Slice, _rows, length, this);
        y._i0 = start;
        for (int r = 0; r < _rows; r++)
        {
            RowSpan(r).Slice(start, length).CopyTo(y.Data.Slice(r * length, length));
        }

        return y;
    }

    /// <summary>log softmax over each row's features: x - logsumexp(x), computed with the row maximum subtracted.</summary>
    public Tensor LogSoftmax()
    {
        RequireNonEmpty("LogSoftmax");
        Tensor y = Unary(OpKind.LogSoftmax);
        for (int r = 0; r < _rows; r++)
        {
            ReadOnlySpan<float> x = RowSpan(r);
            Span<float> o = y.Data.Slice(r * _columns, _columns);
            float max = TensorPrimitives.Max(x);
            double sum = 0;
            for (int c = 0; c < x.Length; c++)
            {
                sum += Math.Exp(x[c] - max);
            }

            float logSumExp = max + (float)Math.Log(sum);
            TensorPrimitives.Subtract(x, logSumExp, o);
        }

        return y;
    }

    /// <summary>One element per row: out[r] = x[r, index[r]], as a [rows, 1] column.</summary>
    /// <exception cref="ArgumentException">The index has the wrong length or an entry is out of range (the row is named).</exception>
    public Tensor Gather(ReadOnlySpan<int> index)
    {
        if (index.Length != _rows)
        {
            throw new ArgumentException($"Gather: {index.Length} indices for a tensor with {_rows} rows ({Shape}).");
        }

        Tensor y = Result(OpKind.Gather, _rows, 1, this);
        if (y._index is null || y._index.Length < _rows)
        {
            y._index = new int[_rows];
        }

        for (int r = 0; r < _rows; r++)
        {
            int c = index[r];
            if ((uint)c >= (uint)_columns)
            {
                throw new ArgumentException($"Gather: index[{r}] = {c} is outside the {_columns} columns.");
            }

            y._index[r] = c;
            y._data[r] = _data[r * _columns + c];
        }

        return y;
    }

    /// <summary>A [indices, classes] one-hot matrix (a constant: no gradient).</summary>
    public static Tensor OneHot(ReadOnlySpan<int> indices, int classes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        Tensor y = Tape.Current.Next(OpKind.Constant, indices.Length, classes, requiresGrad: false);
        Span<float> o = y.Data;
        o.Clear();
        for (int r = 0; r < indices.Length; r++)
        {
            if ((uint)indices[r] >= (uint)classes)
            {
                throw new ArgumentException($"OneHot: indices[{r}] = {indices[r]} is outside [0, {classes}).");
            }

            o[r * classes + indices[r]] = 1f;
        }

        return y;
    }

    /// <summary>A copy that is cut from the graph: no gradient flows back through it.</summary>
    public Tensor Detach()
    {
        Tensor y = Tape.Current.Next(OpKind.Constant, _rows, _columns, requiresGrad: false);
        Data.CopyTo(y.Data);
        y.Rank = Rank;
        return y;
    }

    /// <summary>A tape-owned constant of the given shape with unspecified contents, for inputs filled in place
    /// (noise, batches); valid until the enclosing scope is disposed.</summary>
    public static Tensor Empty(int rows, int columns)
    {
        CheckShape(rows, columns);
        return Tape.Current.Next(OpKind.Constant, rows, columns, requiresGrad: false);
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    internal static float StableSoftplus(float x)
    {
        // max(x, 0) + log1p(exp(-|x|)); for tiny e, log1p(e) = e - e^2/2 keeps the value 1 + e would round away.
        float e = MathF.Exp(-Math.Abs(x));
        return Math.Max(x, 0f) + (e < 1e-4f ? e * (1f - 0.5f * e) : MathF.Log(1f + e));
    }

    private ReadOnlySpan<float> RowSpan(int row) => _data.AsSpan(row * _columns, _columns);

    private void RequireNonEmpty(string op)
    {
        if (Count == 0)
        {
            throw new InvalidOperationException($"{op} of an empty tensor {Shape} is undefined.");
        }
    }

    private Tensor Unary(OpKind op) => Result(op, _rows, _columns, this);

    private static Tensor Result(OpKind op, int rows, int columns, Tensor a, Tensor? b = null, Tensor? c = null)
    {
        bool requiresGrad = NoGradScope.IsGradEnabled &&
            (a._requiresGrad || (b is not null && b._requiresGrad) || (c is not null && c._requiresGrad));
        Tensor y = Tape.Current.Next(op, rows, columns, requiresGrad);
        y._a = a;
        y._b = b;
        y._c = c;
        return y;
    }

    private static Tensor Binary(OpKind op, Tensor a, Tensor b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        int rows = BroadcastDimension(a._rows, b._rows, op, a, b);
        int columns = BroadcastDimension(a._columns, b._columns, op, a, b);
        Tensor y = Result(op, rows, columns, a, b);
        Span<float> o = y.Data;
        if (a._rows == b._rows && a._columns == b._columns)
        {
            ApplySame(op, a.Data, b.Data, o);
            return y;
        }

        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> ar = a.RowSpan(a._rows == 1 ? 0 : r);
            ReadOnlySpan<float> br = b.RowSpan(b._rows == 1 ? 0 : r);
            Span<float> or = o.Slice(r * columns, columns);
            if (ar.Length == br.Length)
            {
                ApplySame(op, ar, br, or);
            }
            else if (br.Length == 1)
            {
                ApplyRightScalar(op, ar, br[0], or);
            }
            else
            {
                ApplyLeftScalar(op, ar[0], br, or);
            }
        }

        return y;
    }

    private static int BroadcastDimension(int x, int y, OpKind op, Tensor a, Tensor b)
    {
        if (x == y || y == 1)
        {
            return x;
        }

        if (x == 1)
        {
            return y;
        }

        throw new ArgumentException(
            $"{op}: shapes {a.Shape} and {b.Shape} cannot be broadcast; each dimension must be equal or 1.");
    }

    private static void ApplySame(OpKind op, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> o)
    {
        switch (op)
        {
            case OpKind.Add: TensorPrimitives.Add(a, b, o); break;
            case OpKind.Subtract: TensorPrimitives.Subtract(a, b, o); break;
            case OpKind.Multiply: TensorPrimitives.Multiply(a, b, o); break;
            case OpKind.Divide: TensorPrimitives.Divide(a, b, o); break;
            case OpKind.Minimum: TensorPrimitives.Min(a, b, o); break;
            default: TensorPrimitives.Max(a, b, o); break;
        }
    }

    private static void ApplyRightScalar(OpKind op, ReadOnlySpan<float> a, float b, Span<float> o)
    {
        switch (op)
        {
            case OpKind.Add: TensorPrimitives.Add(a, b, o); break;
            case OpKind.Subtract: TensorPrimitives.Subtract(a, b, o); break;
            case OpKind.Multiply: TensorPrimitives.Multiply(a, b, o); break;
            case OpKind.Divide: TensorPrimitives.Divide(a, b, o); break;
            case OpKind.Minimum: TensorPrimitives.Min(a, b, o); break;
            default: TensorPrimitives.Max(a, b, o); break;
        }
    }

    private static void ApplyLeftScalar(OpKind op, float a, ReadOnlySpan<float> b, Span<float> o)
    {
        switch (op)
        {
            case OpKind.Add: TensorPrimitives.Add(b, a, o); break;
            case OpKind.Subtract: TensorPrimitives.Subtract(a, b, o); break;
            case OpKind.Multiply: TensorPrimitives.Multiply(b, a, o); break;
            case OpKind.Divide: TensorPrimitives.Divide(a, b, o); break;
            case OpKind.Minimum: TensorPrimitives.Min(b, a, o); break;
            default: TensorPrimitives.Max(b, a, o); break;
        }
    }
}
