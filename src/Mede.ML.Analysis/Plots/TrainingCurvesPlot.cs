using System.Globalization;

namespace Mede.ML.Analysis.Plots;

/// <summary>Charts of a run's <c>metrics.csv</c> (runs written before the run store): per-agent return curves, and
/// the discriminabilities log q(z|s,a) and log q(z|s) over training with log(1/K) for reference. Runs with a
/// <c>run.db</c> use <see cref="LearningCurvesPlot"/> and <see cref="DiscriminabilityPlot"/>.</summary>
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

    /// <summary>One line per agent of the recent mean return (<see cref="LearningCurvesPlot.PerAgent"/> on the
    /// rows of <c>metrics.csv</c>).</summary>
    public static SvgChart Returns(IReadOnlyList<MetricRecord> metrics, string title)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        return LearningCurvesPlot.PerAgent(
            metrics.Where(m => m.Name == LearningCurvesPlot.ReturnMetric && m.Agent is not null)
                .GroupBy(m => m.Agent!.Value)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<(long Step, double Value)>)[.. g.Select(m => (m.Step, m.Value))]),
            title);
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
                // As DiscriminabilityPlot: one colour, log q(z|s) dashed.
                chart.Add(new Series(names[i].Item2, [line], Palette.Colour(0), "discriminability", i == 0 ? null : Series.Dashed));
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
