using System.Numerics;
using System.Numerics.Tensors;
using Mede.ML.Neural.Autograd;
using Mede.ML.Neural.Kernels;

namespace Mede.ML.Neural;

// Backward passes: each adds d(loss)/d(input) into the inputs' gradient buffers, given this tensor's gradient.
public sealed partial class Tensor
{
    internal void BackwardStep()
    {
        ReadOnlySpan<float> g = _grad.AsSpan(0, Count);
        switch (_op)
        {
            case OpKind.MatMul: BackwardMatMul(g); break;
            case OpKind.Linear: BackwardLinear(g); break;
            case OpKind.Add or OpKind.Subtract or OpKind.Multiply or OpKind.Divide or OpKind.Minimum or OpKind.Maximum:
                BackwardBinary(g);
                break;
            case OpKind.Affine:
                if (_a!._requiresGrad)
                {
                    Span<float> ga = _a.GradBufferForAccumulation();
                    TensorPrimitives.MultiplyAdd(g, _s0, ga, ga);
                }

                break;
            case OpKind.Sum or OpKind.Mean:
                if (_a!._requiresGrad)
                {
                    Span<float> ga = _a.GradBufferForAccumulation();
                    TensorPrimitives.Add(ga, _op == OpKind.Sum ? g[0] : g[0] / _a.Count, ga);
                }

                break;
            case OpKind.SumRows or OpKind.MeanRows: BackwardRowReduction(g); break;
            case OpKind.Concat: BackwardConcat(g); break;
            case OpKind.Slice: BackwardSlice(g); break;
            case OpKind.LogSoftmax: BackwardLogSoftmax(g); break;
            case OpKind.Gather: BackwardGather(g); break;
            case OpKind.Leaf or OpKind.Constant: break;
            default: BackwardElementwise(g); break;
        }
    }

    private void BackwardMatMul(ReadOnlySpan<float> g)
    {
        Tensor a = _a!, b = _b!;
        bool ta = (_i0 & 1) != 0, tb = (_i0 & 2) != 0;
        int m = _rows, n = _columns, k = ta ? a._rows : a._columns;
        if (a._requiresGrad)
        {
            Span<float> ga = a.GradBufferForAccumulation();
            if (!ta)
            {
                // dA = g op(B)^T : [m, n] x [n, k]
                Gemm.Multiply(false, !tb, m, k, n, 1f, g, n, b.Data, b._columns, 1f, ga, k);
            }
            else
            {
                // A is stored [k, m]: dA = op(B) g^T : [k, n] x [n, m]
                Gemm.Multiply(tb, true, k, m, n, 1f, b.Data, b._columns, g, n, 1f, ga, m);
            }
        }

        if (b._requiresGrad)
        {
            Span<float> gb = b.GradBufferForAccumulation();
            if (!tb)
            {
                // dB = op(A)^T g : [k, m] x [m, n]
                Gemm.Multiply(!ta, false, k, n, m, 1f, a.Data, a._columns, g, n, 1f, gb, n);
            }
            else
            {
                // B is stored [n, k]: dB = g^T op(A) : [n, m] x [m, k]
                Gemm.Multiply(true, ta, n, k, m, 1f, g, n, a.Data, a._columns, 1f, gb, k);
            }
        }
    }

    private void BackwardLinear(ReadOnlySpan<float> g)
    {
        Tensor x = _a!, w = _b!;
        Tensor? bias = _c;
        int batch = _rows, outputs = _columns, inputs = x._columns;
        if (x._requiresGrad && w._requiresGrad)
        {
            // The same two products as below, independent and of equal size: with two threads, one core each.
            Gemm.MultiplyPair(
                new GemmProduct(false, false, batch, inputs, outputs, 1f, g, outputs, w.Data, inputs, 1f, x.GradBufferForAccumulation(), inputs),
                new GemmProduct(true, false, outputs, inputs, batch, 1f, g, outputs, x.Data, inputs, 1f, w.GradBufferForAccumulation(), inputs));
        }
        else if (x._requiresGrad)
        {
            // dx = g W : [batch, out] x [out, in]
            Gemm.Multiply(false, false, batch, inputs, outputs, 1f, g, outputs, w.Data, inputs, 1f, x.GradBufferForAccumulation(), inputs);
        }
        else if (w._requiresGrad)
        {
            // dW = g^T x : [out, batch] x [batch, in]
            Gemm.Multiply(true, false, outputs, inputs, batch, 1f, g, outputs, x.Data, inputs, 1f, w.GradBufferForAccumulation(), inputs);
        }

        if (bias is not null && bias._requiresGrad)
        {
            Span<float> gb = bias.GradBufferForAccumulation();
            for (int r = 0; r < batch; r++)
            {
                TensorPrimitives.Add(gb, g.Slice(r * outputs, outputs), gb);
            }
        }
    }

    private void BackwardBinary(ReadOnlySpan<float> g)
    {
        Tensor a = _a!, b = _b!;
        bool same = a._rows == b._rows && a._columns == b._columns;
        if (same && (_op == OpKind.Add || _op == OpKind.Subtract))
        {
            if (a._requiresGrad)
            {
                Span<float> ga = a.GradBufferForAccumulation();
                TensorPrimitives.Add(ga, g, ga);
            }

            if (b._requiresGrad)
            {
                Span<float> gb = b.GradBufferForAccumulation();
                if (_op == OpKind.Add)
                {
                    TensorPrimitives.Add(gb, g, gb);
                }
                else
                {
                    TensorPrimitives.Subtract(gb, g, gb);
                }
            }

            return;
        }

        if (same && _op == OpKind.Multiply)
        {
            if (a._requiresGrad)
            {
                Span<float> ga = a.GradBufferForAccumulation();
                TensorPrimitives.MultiplyAdd(g, b.Data, ga, ga);
            }

            if (b._requiresGrad)
            {
                Span<float> gb = b.GradBufferForAccumulation();
                TensorPrimitives.MultiplyAdd(g, a.Data, gb, gb);
            }

            return;
        }

        // General case: per element, with broadcast indices; a broadcast input sums the gradient over the
        // dimension it was repeated along.
        Span<float> gradA = a._requiresGrad ? a.GradBufferForAccumulation() : default;
        Span<float> gradB = b._requiresGrad ? b.GradBufferForAccumulation() : default;
        ReadOnlySpan<float> av = a.Data, bv = b.Data;
        int aRowStride = a._rows == 1 ? 0 : a._columns, aColStride = a._columns == 1 ? 0 : 1;
        int bRowStride = b._rows == 1 ? 0 : b._columns, bColStride = b._columns == 1 ? 0 : 1;
        for (int r = 0; r < _rows; r++)
        {
            for (int c = 0; c < _columns; c++)
            {
                int ia = r * aRowStride + c * aColStride, ib = r * bRowStride + c * bColStride;
                float gi = g[r * _columns + c], x = av[ia], y = bv[ib];
                (float da, float db) = _op switch
                {
                    OpKind.Add => (gi, gi),
                    OpKind.Subtract => (gi, -gi),
                    OpKind.Multiply => (gi * y, gi * x),
                    OpKind.Divide => (gi / y, -gi * x / (y * y)),
                    OpKind.Minimum => x <= y ? (gi, 0f) : (0f, gi),
                    _ => x >= y ? (gi, 0f) : (0f, gi),
                };
                if (a._requiresGrad)
                {
                    gradA[ia] += da;
                }

                if (b._requiresGrad)
                {
                    gradB[ib] += db;
                }
            }
        }
    }

    private void BackwardElementwise(ReadOnlySpan<float> g)
    {
        Tensor x = _a!;
        if (!x._requiresGrad)
        {
            return;
        }

        Span<float> gx = x.GradBufferForAccumulation();
        ReadOnlySpan<float> xv = x.Data, yv = Data;
        switch (_op)
        {
            case OpKind.Relu:
                ReluBackward(g, xv, gx);
                break;
            case OpKind.Tanh:
                TanhBackward(g, yv, gx);
                break;
            case OpKind.Sigmoid:
                for (int i = 0; i < gx.Length; i++)
                {
                    gx[i] += g[i] * yv[i] * (1f - yv[i]);
                }

                break;
            case OpKind.Exp:
                TensorPrimitives.MultiplyAdd(g, yv, gx, gx);
                break;
            case OpKind.Log:
                for (int i = 0; i < gx.Length; i++)
                {
                    gx[i] += g[i] / xv[i];
                }

                break;
            case OpKind.Softplus:
                for (int i = 0; i < gx.Length; i++)
                {
                    // d softplus / dx = sigmoid(x), in the form that cannot overflow.
                    float e = MathF.Exp(-Math.Abs(xv[i]));
                    float sigmoid = xv[i] >= 0f ? 1f / (1f + e) : e / (1f + e);
                    gx[i] += g[i] * sigmoid;
                }

                break;
            case OpKind.Square:
                // gx += 2 x g, as one fused multiply-add over the spans (x * 2 first, into a scaled g view is not
                // possible without a buffer, so accumulate twice: gx += x g; gx += x g).
                TensorPrimitives.MultiplyAdd(xv, g, gx, gx);
                TensorPrimitives.MultiplyAdd(xv, g, gx, gx);
                break;
            case OpKind.Sqrt:
                for (int i = 0; i < gx.Length; i++)
                {
                    gx[i] += g[i] / (2f * yv[i]);
                }

                break;
            case OpKind.Clamp:
                for (int i = 0; i < gx.Length; i++)
                {
                    if (xv[i] >= _s0 && xv[i] <= _s1)
                    {
                        gx[i] += g[i];
                    }
                }

                break;
            default:
                throw new InvalidOperationException($"No backward pass for {_op}.");
        }
    }

    /// <summary>gx += g where x &gt; 0, vectorised with a compare mask.</summary>
    private static void ReluBackward(ReadOnlySpan<float> g, ReadOnlySpan<float> x, Span<float> gx)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            int width = Vector<float>.Count;
            for (; i <= gx.Length - width; i += width)
            {
                var xi = new Vector<float>(x.Slice(i));
                var gi = new Vector<float>(g.Slice(i));
                var sum = new Vector<float>(gx.Slice(i)) + Vector.ConditionalSelect(Vector.GreaterThan(xi, Vector<float>.Zero), gi, Vector<float>.Zero);
                sum.CopyTo(gx.Slice(i));
            }
        }

        for (; i < gx.Length; i++)
        {
            if (x[i] > 0f)
            {
                gx[i] += g[i];
            }
        }
    }

    /// <summary>gx += g (1 - y^2), vectorised.</summary>
    private static void TanhBackward(ReadOnlySpan<float> g, ReadOnlySpan<float> y, Span<float> gx)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            int width = Vector<float>.Count;
            for (; i <= gx.Length - width; i += width)
            {
                var yi = new Vector<float>(y.Slice(i));
                var sum = new Vector<float>(gx.Slice(i)) + new Vector<float>(g.Slice(i)) * (Vector<float>.One - yi * yi);
                sum.CopyTo(gx.Slice(i));
            }
        }

        for (; i < gx.Length; i++)
        {
            gx[i] += g[i] * (1f - y[i] * y[i]);
        }
    }

    private void BackwardRowReduction(ReadOnlySpan<float> g)
    {
        Tensor x = _a!;
        if (!x._requiresGrad)
        {
            return;
        }

        Span<float> gx = x.GradBufferForAccumulation();
        int columns = x._columns;
        float scale = _op == OpKind.MeanRows ? 1f / columns : 1f;
        for (int r = 0; r < _rows; r++)
        {
            Span<float> row = gx.Slice(r * columns, columns);
            TensorPrimitives.Add(row, g[r] * scale, row);
        }
    }

    private void BackwardConcat(ReadOnlySpan<float> g)
    {
        int offset = 0;
        for (int i = 0; i < _inputCount; i++)
        {
            Tensor part = _inputs![i];
            if (part._requiresGrad)
            {
                Span<float> gp = part.GradBufferForAccumulation();
                for (int r = 0; r < _rows; r++)
                {
                    Span<float> row = gp.Slice(r * part._columns, part._columns);
                    TensorPrimitives.Add(row, g.Slice(r * _columns + offset, part._columns), row);
                }
            }

            offset += part._columns;
        }
    }

    private void BackwardSlice(ReadOnlySpan<float> g)
    {
        Tensor x = _a!;
        if (!x._requiresGrad)
        {
            return;
        }

        Span<float> gx = x.GradBufferForAccumulation();
        for (int r = 0; r < _rows; r++)
        {
            Span<float> row = gx.Slice(r * x._columns + _i0, _columns);
            TensorPrimitives.Add(row, g.Slice(r * _columns, _columns), row);
        }
    }

    private void BackwardLogSoftmax(ReadOnlySpan<float> g)
    {
        Tensor x = _a!;
        if (!x._requiresGrad)
        {
            return;
        }

        // d/dx of (x - logsumexp x): g - softmax(x) * sum(g), with softmax = exp(y).
        Span<float> gx = x.GradBufferForAccumulation();
        for (int r = 0; r < _rows; r++)
        {
            ReadOnlySpan<float> gr = g.Slice(r * _columns, _columns);
            ReadOnlySpan<float> yr = Data.Slice(r * _columns, _columns);
            Span<float> gxr = gx.Slice(r * _columns, _columns);
            float total = TensorPrimitives.Sum(gr);
            for (int c = 0; c < _columns; c++)
            {
                gxr[c] += gr[c] - MathF.Exp(yr[c]) * total;
            }
        }
    }

    private void BackwardGather(ReadOnlySpan<float> g)
    {
        Tensor x = _a!;
        if (!x._requiresGrad)
        {
            return;
        }

        Span<float> gx = x.GradBufferForAccumulation();
        for (int r = 0; r < _rows; r++)
        {
            gx[r * x._columns + _index![r]] += g[r];
        }
    }
}
