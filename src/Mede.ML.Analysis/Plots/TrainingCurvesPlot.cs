using System.Globalization;

namespace Mede.ML.Analysis.Plots;

/// <summary>Charts of a run's metrics: per-agent return curves, and the discriminabilities log q(z|s,a) and
/// log q(z|s) over training (the paper's Figure 2) with log(1/K) for reference.</summary>
public static class TrainingCurvesPlot
{
    /// <summary>Reads <c>metrics.csv</c> (step,name,agent,value), naming the line of a malformed row.</summary>
    public static IReadOnlyList<MetricRecord> ReadMetrics(string path)
    {
        var rows = new List<MetricRecord>();
        int line = 0;
        foreach (string text in File.ReadLines(path))
        {
            line++;
            if (line == 1 || text.Length == 0)
            {
                continue;
            }

            string[] f = text.Split(',');
            if (f.Length != 4 || !long.TryParse(f[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out long step)
                || !double.TryParse(f[3], NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            {
                throw new InvalidDataException($"{path}, line {line}: expected step,name,agent,value, got '{text}'.");
            }

            int? agent = f[2].Length == 0 ? null : int.Parse(f[2], CultureInfo.InvariantCulture);
            rows.Add(new MetricRecord(step, f[1], agent, value));
        }

        return rows;
    }

    /// <summary>One line per agent of the recent mean return.</summary>
    public static SvgChart Returns(IReadOnlyList<MetricRecord> metrics, string title)
    {
        var chart = new SvgChart(title, "environment steps", "mean return of recent episodes");
        foreach (var group in metrics.Where(m => m.Name == "return" && m.Agent is not null).GroupBy(m => m.Agent!.Value).OrderBy(g => g.Key))
        {
            var line = group.OrderBy(m => m.Step).Select(m => ((double)m.Step, m.Value)).ToList();
            chart.Add(new Series(string.Create(CultureInfo.InvariantCulture, $"agent {group.Key}"), [line], Palette.Colour(group.Key), "agent"));
        }

        return chart;
    }

    /// <summary>log q(z|s,a) and log q(z|s) over training, with the chance level log(1/K).</summary>
    public static SvgChart Discriminability(IReadOnlyList<MetricRecord> metrics, int agents, string title)
    {
        var chart = new SvgChart(title, "environment steps", "mean log q(z | ...)");
        var names = new[] { ("log_q_z_given_sa", "log q(z|s,a)"), ("log_q_z_given_s", "log q(z|s)") };
        long lastStep = 0;
        for (int i = 0; i < names.Length; i++)
        {
            var line = metrics.Where(m => m.Name == names[i].Item1).OrderBy(m => m.Step).Select(m => ((double)m.Step, m.Value)).ToList();
            if (line.Count > 0)
            {
                lastStep = Math.Max(lastStep, (long)line[^1].Item1);
                chart.Add(new Series(names[i].Item2, [line], Palette.Colour(i), "discriminability"));
            }
        }

        if (agents > 1 && lastStep > 0)
        {
            double chance = Math.Log(1.0 / agents);
            chart.Add(new Series("log(1/K)", [[(0, chance), (lastStep, chance)]], "#888888", "reference"));
        }

        return chart;
    }
}
