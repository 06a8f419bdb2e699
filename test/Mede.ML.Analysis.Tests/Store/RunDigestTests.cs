using Mede.ML.Analysis.Comparison;
using Mede.ML.Analysis.Store;
using Mede.ML.Analysis.Tests.Plots;

namespace Mede.ML.Analysis.Tests.Store;

[TestClass]
public sealed class RunDigestTests
{
    [TestMethod]
    public void Write_ThenOpen_EveryRowAReportReadsComesBackExactly()
    {
        // A real MultiGoal run with an evaluation that recorded its steps: the digest keeps its rows to the bit and the
        // agents' overlap as measured on those steps, and leaves the steps themselves out.
        string folder = StoreTestRuns.NewFolder("digest");
        try
        {
            string digestFolder = Path.Combine(folder, "mede-1");
            using RunStore run = RunStore.Open(SeedRuns.Shared.Evaluated);
            RunDigest.Write(run, digestFolder);

            Assert.IsTrue(RunDigest.IsDigest(digestFolder));
            Assert.IsFalse(RunDigest.IsDigest(SeedRuns.Shared.Evaluated), "a run folder is not a digest");
            using RunStore digest = RunStore.Open(digestFolder);
            Assert.IsTrue(digest.IsDigest);
            Assert.IsFalse(run.IsDigest);
            Assert.AreEqual(Path.Combine(digestFolder, RunDigest.FileName), digest.Path);

            RunRow a = run.Run, b = digest.Run;
            Assert.AreEqual("mede-1", b.Name, "the digest's folder names the run");
            Assert.AreEqual((a.Environment, a.Algorithm, a.Agents, a.Seed, a.Network, a.TotalSteps, a.CodeVersion, a.StartedAt, a.EndedAt, a.LastStep),
                (b.Environment, b.Algorithm, b.Agents, b.Seed, b.Network, b.TotalSteps, b.CodeVersion, b.StartedAt, b.EndedAt, b.LastStep));
            Assert.AreEqual(System.Text.Json.JsonSerializer.Serialize(run.TrainerOptions()), System.Text.Json.JsonSerializer.Serialize(digest.TrainerOptions()));

            Assert.IsGreaterThan(0, run.Metrics().Count);
            CollectionAssert.AreEqual(run.Metrics().Select(m => (m.Step, m.Name, m.Agent, m.Value)).ToList(), digest.Metrics().Select(m => (m.Step, m.Name, m.Agent, m.Value)).ToList());
            CollectionAssert.AreEqual(run.Evaluations().Select(e => (e.Id, e.Step, e.EpisodesPerAgent, e.Deterministic, e.CreatedAt, e.Complete)).ToList(),
                digest.Evaluations().Select(e => (e.Id, e.Step, e.EpisodesPerAgent, e.Deterministic, e.CreatedAt, e.Complete)).ToList());
            long evaluation = run.LatestEvaluation()!.Id;
            foreach (long? id in new long?[] { null, evaluation })
            {
                var expected = run.Episodes(id).Select(e => (e.EvaluationId, e.Step, e.Agent, e.Episode, e.Return, e.Length, e.Terminated, e.Goal)).ToList();
                Assert.IsGreaterThan(0, expected.Count);
                CollectionAssert.AreEqual(expected, digest.Episodes(id).Select(e => (e.EvaluationId, e.Step, e.Agent, e.Episode, e.Return, e.Length, e.Terminated, e.Goal)).ToList(), $"episodes of evaluation {id}");
            }

            // The overlap as measured on the recorded steps; the steps themselves are not kept.
            Evaluation.BehaviourOverlap measured = run.Overlap()!, kept = digest.Overlap()!;
            Assert.AreEqual(measured.Agents, kept.Agents);
            Assert.AreEqual(measured[0, 1], kept[0, 1]);
            Assert.IsTrue(run.Episodes(evaluation).Any(e => e.HasTransitions));
            Assert.IsFalse(digest.Episodes(evaluation).Any(e => e.HasTransitions));

            RunSummary fromRun = RunComparison.Summarise(run), fromDigest = RunComparison.Summarise(digest);
            Assert.AreEqual((fromRun.AverageReturn, fromRun.MaxReturn, fromRun.GoalsReached, fromRun.LogQState, fromRun.Steps, fromRun.Finished, fromRun.Evaluated),
                (fromDigest.AverageReturn, fromDigest.MaxReturn, fromDigest.GoalsReached, fromDigest.LogQState, fromDigest.Steps, fromDigest.Finished, fromDigest.Evaluated));

            // A digest is a small part of its run: no recorded steps, no checkpoints.
            long digestBytes = Directory.GetFiles(digestFolder).Sum(f => new FileInfo(f).Length);
            Assert.IsLessThan(new FileInfo(RunStore.PathIn(SeedRuns.Shared.Evaluated)).Length / 2, digestBytes);

            // A digest of a digest is the same digest, and writing replaces the folder whole.
            string again = Path.Combine(folder, "again", "mede-1");
            RunDigest.Write(digest, again);
            foreach (string file in new[] { RunDigest.FileName, "metrics.csv", "episodes.csv" })
            {
                Assert.AreEqual(File.ReadAllText(Path.Combine(digestFolder, file)), File.ReadAllText(Path.Combine(again, file)), file);
            }

            File.WriteAllText(Path.Combine(again, "stale.txt"), "from before");
            RunDigest.Write(digest, again);
            Assert.IsFalse(File.Exists(Path.Combine(again, "stale.txt")));
            Assert.IsEmpty(Directory.GetDirectories(Path.Combine(folder, "again")).Where(d => d != again).ToList(), "no temporary folder is left");
        }
        finally
        {
            StoreTestRuns.Delete(folder);
        }
    }

    [TestMethod]
    public void Open_MalformedDigest_NamesTheFileRowAndColumn()
    {
        string folder = StoreTestRuns.NewFolder("digest-bad");
        try
        {
            string digestFolder = Path.Combine(folder, "run");
            using (RunStore run = RunStore.Open(SeedRuns.Shared.Folders[1]))
            {
                RunDigest.Write(run, digestFolder);
            }

            string metrics = Path.Combine(digestFolder, "metrics.csv");
            string[] lines = File.ReadAllLines(metrics);
            string good = lines[2];
            string[] fields = good.Split(',');
            fields[3] = "1.5x";
            lines[2] = string.Join(',', fields);
            File.WriteAllLines(metrics, lines);
            var e = Assert.ThrowsExactly<RunStoreException>(() => RunStore.Open(digestFolder));
            Assert.AreEqual($"{metrics}, row 3, column 4 (value): '1.5x' is not a number.", e.Message);

            lines[2] = good + ",7";
            File.WriteAllLines(metrics, lines);
            e = Assert.ThrowsExactly<RunStoreException>(() => RunStore.Open(digestFolder));
            Assert.AreEqual($"{metrics}, row 3: 5 columns; the header has 4.", e.Message);
            lines[2] = good;
            File.WriteAllLines(metrics, lines);

            string episodes = Path.Combine(digestFolder, "episodes.csv");
            File.WriteAllText(episodes, File.ReadAllText(episodes) + "9,0,0,0,1.0,3,0,-1\n");
            e = Assert.ThrowsExactly<RunStoreException>(() => RunStore.Open(digestFolder));
            StringAssert.Contains(e.Message, "belongs to evaluation 9, which the digest does not list");

            File.Delete(episodes);
            e = Assert.ThrowsExactly<RunStoreException>(() => RunStore.Open(digestFolder));
            Assert.AreEqual($"{episodes}: missing from the run digest.", e.Message);

            string digestFile = Path.Combine(digestFolder, RunDigest.FileName);
            File.WriteAllText(digestFile, File.ReadAllText(digestFile).Replace("\"format\": 1", "\"format\": 7", StringComparison.Ordinal));
            e = Assert.ThrowsExactly<RunStoreException>(() => RunStore.Open(digestFolder));
            Assert.AreEqual($"{digestFile}: digest format 7; this version of Mede.ML reads format 1.", e.Message);
        }
        finally
        {
            StoreTestRuns.Delete(folder);
        }
    }

    [TestMethod]
    public void FromPairs_NotAnOverlapTable_NamesTheCell()
    {
        var asymmetric = new double[,] { { 1, 0.2 }, { 0.3, 1 } };
        var e = Assert.ThrowsExactly<ArgumentException>(() => Evaluation.BehaviourOverlap.FromPairs(asymmetric));
        StringAssert.StartsWith(e.Message, "Row 0, column 1: 0.2, but row 1, column 0: 0.3; overlaps are symmetric.");
        e = Assert.ThrowsExactly<ArgumentException>(() => Evaluation.BehaviourOverlap.FromPairs(new double[,] { { 1, 1.5 }, { 1.5, 1 } }));
        StringAssert.StartsWith(e.Message, "Row 0, column 1: 1.5 is not an overlap in [0, 1].");
        var overlap = Evaluation.BehaviourOverlap.FromPairs(new double[,] { { 1, 0.2, 0.4 }, { 0.2, 1, 0.6 }, { 0.4, 0.6, 1 } });
        Assert.AreEqual(0.4, overlap.MeanOverlap, 1e-12);
        Assert.AreEqual(0.6, overlap.ClosestOverlap(2));
    }
}
