namespace Mede.ML.Neural.Tests.Tensors;

/// <summary>Finite-difference checks of every operation's backward pass (tolerances explained in GradientCheck).</summary>
[TestClass]
public sealed class TensorGradientTests
{
    [TestMethod]
    [DataRow(false, false)]
    [DataRow(true, false)]
    [DataRow(false, true)]
    [DataRow(true, true)]
    public void MatMul_AllTransposes_MatchFiniteDifferences(bool ta, bool tb)
    {
        Tensor a = ta ? GradientCheck.Random(4, 3, 1) : GradientCheck.Random(3, 4, 1);
        Tensor b = tb ? GradientCheck.Random(5, 4, 2) : GradientCheck.Random(4, 5, 2);
        GradientCheck.Check(x => Tensor.MatMul(x[0], x[1], ta, tb), a, b);
    }

    [TestMethod]
    public void Linear_WithBias_MatchesFiniteDifferences()
    {
        GradientCheck.Check(
            x => Tensor.Linear(x[0], x[1], x[2]),
            GradientCheck.Random(6, 4, 3), GradientCheck.Random(3, 4, 4), GradientCheck.Random(1, 3, 5));
    }

    [TestMethod]
    [DataRow("add", 5, 4, 5, 4)]
    [DataRow("add", 5, 4, 1, 4)]
    [DataRow("add", 5, 4, 5, 1)]
    [DataRow("add", 1, 4, 5, 4)]
    [DataRow("sub", 5, 4, 5, 4)]
    [DataRow("sub", 5, 4, 1, 1)]
    [DataRow("sub", 5, 1, 5, 4)]
    [DataRow("mul", 5, 4, 5, 4)]
    [DataRow("mul", 5, 4, 1, 4)]
    [DataRow("mul", 1, 1, 5, 4)]
    [DataRow("div", 5, 4, 5, 4)]
    [DataRow("div", 5, 4, 5, 1)]
    [DataRow("div", 1, 4, 5, 4)]
    [DataRow("min", 5, 4, 5, 4)]
    [DataRow("min", 5, 1, 5, 4)]
    [DataRow("max", 5, 4, 5, 4)]
    [DataRow("max", 5, 4, 1, 4)]
    public void Binary_WithBroadcasting_MatchesFiniteDifferences(string op, int ar, int ac, int br, int bc)
    {
        Tensor a = GradientCheck.Random(ar, ac, 7, 0.5f, 2f);
        Tensor b = GradientCheck.Random(br, bc, 8, 0.5f, 2f);
        if (op is "min" or "max")
        {
            // Keep a and b apart so the finite difference never crosses the switch.
            Span<float> bd = b.Data;
            for (int i = 0; i < bd.Length; i++)
            {
                bd[i] += (i % 2 == 0 ? 0.3f : -0.3f);
            }
        }

        GradientCheck.Check(x => op switch
        {
            "add" => x[0] + x[1],
            "sub" => x[0] - x[1],
            "mul" => x[0] * x[1],
            "div" => x[0] / x[1],
            "min" => Tensor.Minimum(x[0], x[1]),
            _ => Tensor.Maximum(x[0], x[1]),
        }, a, b);
    }

    [TestMethod]
    [DataRow("neg")]
    [DataRow("affine")]
    [DataRow("rsub")]
    [DataRow("relu")]
    [DataRow("tanh")]
    [DataRow("sigmoid")]
    [DataRow("exp")]
    [DataRow("log")]
    [DataRow("softplus")]
    [DataRow("square")]
    [DataRow("sqrt")]
    [DataRow("clamp")]
    [DataRow("sum")]
    [DataRow("mean")]
    [DataRow("sumrows")]
    [DataRow("meanrows")]
    [DataRow("logsoftmax")]
    [DataRow("slice")]
    public void Unary_MatchesFiniteDifferences(string op)
    {
        bool positive = op is "log" or "sqrt";
        Tensor x = positive
            ? GradientCheck.Random(4, 5, 11, 0.5f, 2f)
            : GradientCheck.AwayFrom(4, 5, 11, [0f, -0.5f, 0.5f], low: -3f, high: 3f);
        GradientCheck.Check(t => op switch
        {
            "neg" => -t[0],
            "affine" => t[0] * 2.5f + 1f,
            "rsub" => 3f - t[0],
            "relu" => t[0].Relu(),
            "tanh" => t[0].Tanh(),
            "sigmoid" => t[0].Sigmoid(),
            "exp" => t[0].Exp(),
            "log" => t[0].Log(),
            "softplus" => t[0].Softplus(),
            "square" => t[0].Square(),
            "sqrt" => t[0].Sqrt(),
            "clamp" => t[0].Clamp(-0.5f, 0.5f),
            "sum" => t[0].Sum(),
            "mean" => t[0].Mean(),
            "sumrows" => t[0].SumRows(),
            "meanrows" => t[0].MeanRows(),
            "logsoftmax" => t[0].LogSoftmax(),
            _ => t[0].Slice(1, 3),
        }, x);
    }

    [TestMethod]
    public void Concat_ThreeParts_MatchesFiniteDifferences()
    {
        GradientCheck.Check(
            x => Tensor.Concat(x[0], x[1], x[2]) * Tensor.Concat(x[2], x[1], x[0]),
            GradientCheck.Random(3, 2, 21), GradientCheck.Random(3, 1, 22), GradientCheck.Random(3, 2, 23));
    }

    [TestMethod]
    public void Gather_OfLogSoftmax_MatchesFiniteDifferences()
    {
        int[] labels = [2, 0, 1, 2];
        GradientCheck.Check(x => x[0].LogSoftmax().Gather(labels), GradientCheck.Random(4, 3, 31, -2f, 2f));
    }

    [TestMethod]
    public void SharedInput_UsedTwice_AccumulatesBothPaths()
    {
        // x feeds two branches: the gradient must be the sum of both (the tape visits x once, after both).
        GradientCheck.Check(x => (x[0].Tanh() * x[0]).Exp() + x[0].Square(), GradientCheck.Random(3, 3, 41));
    }

    [TestMethod]
    public void MlpWithLoss_WholeNetwork_MatchesFiniteDifferences()
    {
        var g = new Generator(5);
        var mlp = Mede.ML.Neural.Layers.Mlp.Create([3, 8, 8, 2], Mede.ML.Neural.Layers.Activation.Tanh, g);
        Tensor input = GradientCheck.Random(6, 3, 51, requiresGrad: false);
        Tensor target = GradientCheck.Random(6, 2, 52, requiresGrad: false);
        var parameters = mlp.Parameters().ToArray();
        GradientCheck.Check(_ => Mede.ML.Neural.Layers.Functional.MseLoss(mlp.Forward(input), target), parameters);
    }
}
