using Mede.ML.Neural.Autograd;

namespace Mede.ML.Neural.Tests.Tensors;

/// <summary>Every element-wise forward kernel against a double-precision scalar reference for every length 0..256
/// (the SIMD drivers switch between vector widths and a scalar tail inside that range).</summary>
[TestClass]
public sealed class ElementwiseKernelTests
{
    public static IEnumerable<object[]> Operations() =>
    [
        ["relu"], ["tanh"], ["sigmoid"], ["exp"], ["log"], ["softplus"], ["square"], ["sqrt"], ["clamp"], ["affine"],
        ["add"], ["mul"], ["div"], ["min"], ["max"],
    ];

    [TestMethod]
    [DynamicData(nameof(Operations))]
    public void Forward_EveryLengthTo256_MatchesScalarReference(string op)
    {
        var g = new Generator(99);
        for (int n = 0; n <= 256; n++)
        {
            var a = new float[n];
            var b = new float[n];
            g.FillUniform(a, op is "log" or "sqrt" ? 0.01f : -4f, 4f);
            g.FillUniform(b, 0.5f, 3f);
            using var scope = Tape.Scope();
            Tensor x = Tensor.FromArray(a, 1, n), y = Tensor.FromArray(b, 1, n);
            float[] actual = (op switch
            {
                "relu" => x.Relu(),
                "tanh" => x.Tanh(),
                "sigmoid" => x.Sigmoid(),
                "exp" => x.Exp(),
                "log" => x.Log(),
                "softplus" => x.Softplus(),
                "square" => x.Square(),
                "sqrt" => x.Sqrt(),
                "clamp" => x.Clamp(-1f, 2f),
                "affine" => x * 1.5f - 0.25f,
                "add" => x + y,
                "mul" => x * y,
                "div" => x / y,
                "min" => Tensor.Minimum(x, y),
                _ => Tensor.Maximum(x, y),
            }).ToArray();
            for (int i = 0; i < n; i++)
            {
                double u = a[i], v = b[i];
                double expected = op switch
                {
                    "relu" => Math.Max(u, 0),
                    "tanh" => Math.Tanh(u),
                    "sigmoid" => 1 / (1 + Math.Exp(-u)),
                    "exp" => Math.Exp(u),
                    "log" => Math.Log(u),
                    "softplus" => Math.Log(1 + Math.Exp(u)),
                    "square" => u * u,
                    "sqrt" => Math.Sqrt(u),
                    "clamp" => Math.Clamp(u, -1, 2),
                    "affine" => 1.5 * u - 0.25,
                    "add" => u + v,
                    "mul" => u * v,
                    "div" => u / v,
                    "min" => Math.Min(u, v),
                    _ => Math.Max(u, v),
                };
                // Float32 transcendental kernels are accurate to a few ulp: 1e-6 relative (8 ulp) plus 1e-7 absolute.
                Assert.AreEqual(expected, actual[i], 1e-6 * Math.Abs(expected) + 1e-7, $"{op} at length {n}, index {i}, input {u}");
            }
        }
    }
}
