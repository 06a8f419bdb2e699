namespace Mede.ML.Analysis.Theory;

/// <summary>Small dense kernels for the tabular theory: stable log-sum-exp and a pivoted linear solve.</summary>
internal static class TabularMath
{
    /// <summary>log sum_i exp(x_i), shifted by the maximum so that no term overflows.</summary>
    public static double LogSumExp(ReadOnlySpan<double> x)
    {
        double max = double.NegativeInfinity;
        foreach (double v in x)
        {
            if (v > max)
            {
                max = v;
            }
        }
        if (double.IsNegativeInfinity(max))
        {
            return double.NegativeInfinity;
        }
        double sum = 0;
        foreach (double v in x)
        {
            sum += Math.Exp(v - max);
        }
        return max + Math.Log(sum);
    }

    /// <summary>Solves A x = b in place by Gaussian elimination with partial pivoting; A is n x n, row-major.</summary>
    public static double[] Solve(double[,] a, double[] b)
    {
        int n = b.Length;
        var m = (double[,])a.Clone();
        var x = (double[])b.Clone();
        for (int col = 0; col < n; col++)
        {
            int pivot = col;
            for (int row = col + 1; row < n; row++)
            {
                if (Math.Abs(m[row, col]) > Math.Abs(m[pivot, col]))
                {
                    pivot = row;
                }
            }
            if (m[pivot, col] == 0)
            {
                throw new InvalidOperationException("Singular system in the tabular solver; (I - gamma P) is invertible for gamma < 1, so the inputs are not a valid MDP and policy.");
            }
            if (pivot != col)
            {
                for (int k = 0; k < n; k++)
                {
                    (m[col, k], m[pivot, k]) = (m[pivot, k], m[col, k]);
                }
                (x[col], x[pivot]) = (x[pivot], x[col]);
            }
            for (int row = col + 1; row < n; row++)
            {
                double f = m[row, col] / m[col, col];
                if (f == 0)
                {
                    continue;
                }
                for (int k = col; k < n; k++)
                {
                    m[row, k] -= f * m[col, k];
                }
                x[row] -= f * x[col];
            }
        }
        for (int row = n - 1; row >= 0; row--)
        {
            double sum = x[row];
            for (int k = row + 1; k < n; k++)
            {
                sum -= m[row, k] * x[k];
            }
            x[row] = sum / m[row, row];
        }
        return x;
    }

    /// <summary>P_pi(s, s') = sum_a pi(a|s) P(s'|s,a).</summary>
    public static double[,] PolicyTransitions(TabularMdp mdp, double[,] policy)
    {
        int states = mdp.StateCount;
        var p = new double[states, states];
        for (int s = 0; s < states; s++)
        {
            for (int a = 0; a < mdp.ActionCount; a++)
            {
                double w = policy[s, a];
                if (w == 0)
                {
                    continue;
                }
                var row = mdp.TransitionRow(s, a);
                for (int next = 0; next < states; next++)
                {
                    p[s, next] += w * row[next];
                }
            }
        }
        return p;
    }

    /// <summary>Checks that a policy has shape [S, A] and rows that are distributions; names the bad state.</summary>
    public static void ValidatePolicy(TabularMdp mdp, double[,] policy, string name)
    {
        ArgumentNullException.ThrowIfNull(policy, name);
        if (policy.GetLength(0) != mdp.StateCount || policy.GetLength(1) != mdp.ActionCount)
        {
            throw new ArgumentException(
                $"{name} has shape [{policy.GetLength(0)}, {policy.GetLength(1)}]; expected [{mdp.StateCount}, {mdp.ActionCount}] (states, actions).", name);
        }
        for (int s = 0; s < mdp.StateCount; s++)
        {
            double sum = 0;
            for (int a = 0; a < mdp.ActionCount; a++)
            {
                double p = policy[s, a];
                if (!(p >= 0 && p <= 1))
                {
                    throw new ArgumentException($"{name}[{s}, {a}] (state {s}, action {a}) is {p}; probabilities must lie in [0, 1].", name);
                }
                sum += p;
            }
            if (Math.Abs(sum - 1) > 1e-9)
            {
                throw new ArgumentException($"{name} row for state {s} sums to {sum}; each pi(.|s) must sum to 1.", name);
            }
        }
    }
}
