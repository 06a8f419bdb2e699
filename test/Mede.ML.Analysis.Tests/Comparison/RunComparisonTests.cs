using System.Xml.Linq;
using Mede.ML.Algorithms;
using Mede.ML.Analysis.Comparison;
using Mede.ML.Analysis.Store;
using Mede.ML.Analysis.Tests.Store;
using Mede.ML.Training;

namespace Mede.ML.Analysis.Tests.Comparison;

[TestClass]
public sealed class RunComparisonTests
{
    private static readonly RunSummary[] Summaries =
    [
        Summary("hopper", "MEDE", 4, 0, average: 2900, max: 3100),
        Summary("hopper", "MEDE", 4, 1, average: 3000, max: 3300),
        Summary("hopper", "SAC", 1, 0, average: 3241, max: 3241),
        Summary("hopper", "DIAYN", 4, 0, average: 2500, max: 2800),
        Summary("hopper", "DIAYN", 4, 1, average: 2700, max: 3000),
        Summary("walker2d", "MEDE", 4, 0, average: 3500, max: 4000),
    ];

    [TestMethod]
    public void Rows_GroupMethodsOverSeeds_MeanAndSampleStd()
    {
        RunComparison comparison = RunComparison.FromSummaries(Summaries);

        Assert.HasCount(4, comparison.Rows);
        CollectionAssert.AreEqual(new[] { "hopper SAC", "hopper MEDE (4)", "hopper DIAYN (4)", "walker2d MEDE (4)" },
            comparison.Rows.Select(r => $"{r.Environment} {r.Method}").ToArray());
        ComparisonRow mede = comparison.Rows[1];
        Assert.AreEqual(2, mede.Seeds);
        Assert.AreEqual(2950, mede.AverageReturnMean, 1e-9);
        Assert.AreEqual(Math.Sqrt(5000), mede.AverageReturnStd, 1e-9, "sample std of 2900 and 3000");
        Assert.AreEqual(3200, mede.MaxReturnMean, 1e-9);
        Assert.AreEqual(Math.Sqrt(20000), mede.MaxReturnStd, 1e-9);
        Assert.AreEqual(0, comparison.Rows[0].AverageReturnStd, "one seed has no spread");
    }

    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public void Summarise_StochasticAndDeterministicEvaluations_ReturnsFromTheDeterministicOneBehaviourFromTheOther(bool deterministicLast)
    {
        // mede train evaluates the stochastic policies (entropy, overlap) and then their modes (Table 1's returns); a
        // later mede evaluate may add either. The return table takes the newest deterministic one, whichever came last.
        string folder = StoreTestRuns.NewFolder("two-evaluations");
        try
        {
            using var store = RunStore.OpenOrCreate(folder, StoreTestRuns.Tiny(ReinforcementAlgorithm.Mede, seed: 0));
            void Evaluate(bool deterministic, double perAgent)
            {
                EvaluationRecorder evaluation = store.BeginEvaluation(300, episodesPerAgent: 2, deterministic);
                for (int agent = 0; agent < 2; agent++)
                {
                    for (int episode = 0; episode < 2; episode++)
                    {
                        evaluation.RecordEpisode(new EpisodeRecord(0, agent, episode, perAgent + agent, 10, false, -1));
                    }
                }

                evaluation.Complete();
            }

            Assert.AreEqual("last training episodes", RunComparison.Summarise(store).ReturnsFrom);
            Evaluate(deterministic: false, 100);
            Assert.AreEqual("stochastic evaluation", RunComparison.Summarise(store).ReturnsFrom, "without a deterministic evaluation, the stochastic one");
            if (deterministicLast)
            {
                Evaluate(deterministic: true, 200);
            }
            else
            {
                Evaluate(deterministic: true, 200);
                Evaluate(deterministic: false, 300);
            }

            RunSummary summary = RunComparison.Summarise(store);
            Assert.AreEqual("deterministic evaluation", summary.ReturnsFrom);
            Assert.AreEqual(200.5, summary.AverageReturn, 1e-12);
            Assert.AreEqual(201, summary.MaxReturn, 1e-12);
            Assert.IsFalse(store.BehaviourEvaluation()!.Deterministic, "behaviour (paths, goals, overlap) from the stochastic policies");
            Assert.AreEqual(deterministicLast ? 100.5 : 300.5, store.AgentSummaries().Average(a => a.MeanReturn), 1e-12);
        }
        finally
        {
            StoreTestRuns.Delete(folder);
        }
    }

    [TestMethod]
    public void ToMarkdown_Table1Shape_MethodsByEnvironmentAverageAndMax()
    {
        string[] lines = RunComparison.FromSummaries(Summaries).ToMarkdown().TrimEnd('\n').Split('\n');

        Assert.AreEqual("| Method | hopper average | hopper max | walker2d average | walker2d max | Seeds |", lines[0]);
        Assert.AreEqual("|---|---:|---:|---:|---:|---:|", lines[1]);
        Assert.AreEqual("| SAC | 3241 | 3241 | – | – | 1 |", lines[2]);
        Assert.AreEqual("| MEDE (4) | 2950 ± 71 | 3200 ± 141 | 3500 | 4000 | 2/1 |", lines[3]);
        Assert.AreEqual("| DIAYN (4) | 2600 ± 141 | 2900 ± 141 | – | – | 2 |", lines[4]);
        Assert.HasCount(5, lines);
    }

    [TestMethod]
    public void ToHtml_IsWellFormedWithOneRowPerMethod()
    {
        var table = XElement.Parse(RunComparison.FromSummaries(Summaries).ToHtml());

        Assert.AreEqual("table", table.Name.LocalName);
        var rows = table.Element("tbody")!.Elements("tr").ToList();
        Assert.HasCount(3, rows);
        Assert.AreEqual("MEDE (4)", rows[1].Element("th")!.Value);
        CollectionAssert.AreEqual(new[] { "2950 ± 71", "3200 ± 141", "3500", "4000", "2/1" }, rows[1].Elements("td").Select(td => td.Value).ToArray());
        Assert.AreEqual("2", table.Element("thead")!.Elements("tr").First().Elements("th").ElementAt(1).Attribute("colspan")!.Value);
    }

    [TestMethod]
    public void FormatMeanStd_PrecisionFollowsMagnitude()
    {
        Assert.AreEqual("3241 ± 12", RunComparison.FormatMeanStd(3241.4, 12.2));
        Assert.AreEqual("-42.4 ± 3.1", RunComparison.FormatMeanStd(-42.44, 3.14));
        Assert.AreEqual("0.12 ± 0.01", RunComparison.FormatMeanStd(0.123, 0.011));
        Assert.AreEqual("–", RunComparison.FormatMeanStd(double.NaN, 0));
    }

    [TestMethod]
    public void Load_RealRuns_SummariesFromTheirStoresAndCsvExport()
    {
        string root = StoreTestRuns.NewFolder("comparison");
        try
        {
            var folders = new List<string>();
            foreach (var (algorithm, seed) in new[] { (ReinforcementAlgorithm.Mede, 1), (ReinforcementAlgorithm.Mede, 2), (ReinforcementAlgorithm.Sac, 1) })
            {
                string folder = Path.Combine(root, $"{algorithm}-{seed}");
                Directory.CreateDirectory(folder);
                StoreTestRuns.Train(folder, StoreTestRuns.Tiny(algorithm, seed, steps: 150), transitionInterval: 0);
                folders.Add(folder);
            }

            RunComparison comparison = RunComparison.Load(folders);

            Assert.HasCount(3, comparison.Runs);
            using (RunStore store = RunStore.Open(folders[0]))
            {
                RunSummary first = comparison.Runs[0];
                IReadOnlyList<AgentSummary> agents = store.AgentSummaries(training: true);
                Assert.IsFalse(first.Evaluated, "no evaluation: the last training episodes count");
                Assert.AreEqual(agents.Average(a => a.MeanReturn), first.AverageReturn, 1e-9);
                Assert.AreEqual(agents.Max(a => a.MeanReturn), first.MaxReturn, 1e-9);
                Assert.AreEqual(store.Series("log_q_z_given_sa")[^1].Value, first.LogQStateAction, 1e-9, "a short series: its last tenth is the last value");
                Assert.IsTrue(first.GoalsReached is >= 0 and <= 4);
            }

            Assert.IsTrue(double.IsNaN(comparison.Runs[2].LogQStateAction), "SAC has no discriminator");
            CollectionAssert.AreEqual(new[] { "SAC", "MEDE (2)" }, comparison.Rows.Select(r => r.Method).ToArray());

            string csv = Path.Combine(root, "comparison.csv");
            comparison.SaveCsv(csv);
            string[] lines = File.ReadAllLines(csv);
            StringAssert.StartsWith(lines[0], "Environment,Algorithm,Agents,Seeds,AverageReturnMean");
            Assert.HasCount(3, lines);

            var missing = Assert.ThrowsExactly<RunStoreException>(() => RunComparison.Load([root]));
            StringAssert.Contains(missing.Message, root);
        }
        finally
        {
            StoreTestRuns.Delete(root);
        }
    }

    private static RunSummary Summary(string environment, string algorithm, int agents, int seed, double average, double max) => new()
    {
        Run = $"{environment}-{algorithm}-{seed}",
        Environment = environment,
        Algorithm = algorithm,
        Agents = agents,
        Seed = seed,
        AverageReturn = average,
        MaxReturn = max,
    };
}
