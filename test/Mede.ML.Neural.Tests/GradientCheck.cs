using Mede.ML.Neural.Autograd;

namespace Mede.ML.Neural.Tests;

/// <summary>
/// Finite-difference gradient checks. The tensors are float32, so the function is evaluated in float32; the
/// probe loss L = sum(w * f(x)) (fixed random w, so every output element matters with a different weight) is
/// summed in double, and the derivative is estimated by Richardson-extrapolated central differences,
/// D = (4 D(h/2) - D(h)) / 3 with h = 1e-2, whose truncation error is O(h^4) ~ 1e-8. What remains is float32
/// rounding of f (relative 6e-8) divided by h: about 1e-5 relative to |f|. The tolerance below, 2e-3 relative
/// plus 2e-3 absolute, leaves a margin of two orders of magnitude over that, and is still far below the size of
/// any real gradient bug (a missing factor or a wrong sign changes the gradient by O(1)).
/// </summary>
internal static class GradientCheck
{
    public const double RelativeTolerance = 2e-3;
    public const double AbsoluteTolerance = 2e-3;

    public static void Check(Func<Tensor[], Tensor> function, params Tensor[] inputs)
    {
        foreach (Tensor input in inputs)
        {
            input.ZeroGrad();
        }

        float[] weights;
        using (Tape.Scope())
        {
            Tensor output = function(inputs);
            var generator = new Generator(12345);
            weights = new float[output.Count];
            generator.FillUniform(weights, 0.5f, 1.5f);
            Tensor w = Tensor.FromArray(weights, output.Rows, output.Columns);
            (output * w).Sum().Backward();
        }

        foreach (Tensor input in inputs)
        {
            if (!input.RequiresGrad)
            {
                continue;
            }

            float[] analytic = input.Grad.ToArray();
            Span<float> x = input.Data;
            for (int i = 0; i < x.Length; i++)
            {
                double numeric = Richardson(i);
                double error = Math.Abs(numeric - analytic[i]);
                double allowed = AbsoluteTolerance + RelativeTolerance * Math.Abs(numeric);
                Assert.IsLessThanOrEqualTo(allowed, error,
                    $"Gradient of element {i} of a {input.Shape} input: analytic {analytic[i]:G9}, numeric {numeric:G9}.");
            }

            double Richardson(int index)
            {
                double d1 = Central(index, 1e-2f);
                double d2 = Central(index, 0.5e-2f);
                return (4 * d2 - d1) / 3;
            }

            double Central(int index, float h)
            {
                float original = input.Data[index];
                input.Data[index] = original + h;
                double plus = Probe();
                input.Data[index] = original - h;
                double minus = Probe();
                input.Data[index] = original;
                return (plus - minus) / (2.0 * h);
            }
        }

        double Probe()
        {
            using (Tape.Scope())
            using (Tensor.NoGrad())
            {
                Tensor output = function(inputs);
                double sum = 0;
                ReadOnlySpan<float> o = output.Data;
                for (int i = 0; i < o.Length; i++)
                {
                    sum += (double)weights[i] * o[i];
                }

                return sum;
            }
        }
    }

    /// <summary>A leaf with values uniform in [low, high) from a fixed seed.</summary>
    public static Tensor Random(int rows, int columns, ulong seed, float low = -1f, float high = 1f, bool requiresGrad = true)
    {
        var generator = new Generator(seed);
        var values = new float[rows * columns];
        generator.FillUniform(values, low, high);
        return Tensor.FromArray(values, rows, columns, requiresGrad);
    }

    /// <summary>Like <see cref="Random"/> but every |value| is at least <paramref name="gap"/> from the given kinks,
    /// so a finite difference never straddles a non-differentiable point.</summary>
    public static Tensor AwayFrom(int rows, int columns, ulong seed, float[] kinks, float gap = 0.05f, float low = -1f, float high = 1f)
    {
        Tensor t = Random(rows, columns, seed, low, high);
        Span<float> d = t.Data;
        for (int i = 0; i < d.Length; i++)
        {
            foreach (float kink in kinks)
            {
                if (Math.Abs(d[i] - kink) < gap)
                {
                    d[i] = kink + (d[i] >= kink ? gap : -gap) * 2f;
                }
            }
        }

        return t;
    }
}
