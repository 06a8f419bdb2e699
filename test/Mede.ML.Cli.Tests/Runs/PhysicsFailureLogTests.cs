using Mede.ML.Cli.Runs;
using Mede.ML.Training;

namespace Mede.ML.Cli.Tests.Runs;

[TestClass]
public sealed class PhysicsFailureLogTests
{
    [TestMethod]
    public void RecordMetric_CountGrows_LogsEachGrowthAndPassesEverythingOn()
    {
        string folder = Path.Combine(Path.GetTempPath(), "mede-physics-log-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var inner = new ListRecorder();
            using (var log = new RunLog(folder))
            {
                var recorder = new PhysicsFailureLog(inner, log);
                recorder.RecordMetric(100, "return", 0, 5);
                recorder.RecordMetric(100, TrainingSession.PhysicsFailuresMetric, null, 2);
                recorder.RecordMetric(200, TrainingSession.PhysicsFailuresMetric, null, 2);
                recorder.RecordMetric(300, TrainingSession.PhysicsFailuresMetric, null, 5);
                recorder.Flush();
            }

            string[] lines = File.ReadAllLines(Path.Combine(folder, "train.log"));
            Assert.HasCount(2, lines, "one line per growth of the count");
            StringAssert.EndsWith(lines[0], "physics failure: 2 more episode(s) ended because MuJoCo reset a bad state, 2 in all by step 100");
            StringAssert.EndsWith(lines[1], "physics failure: 3 more episode(s) ended because MuJoCo reset a bad state, 5 in all by step 300");
            Assert.HasCount(4, inner.Metrics);
            Assert.AreEqual(1, inner.Flushes);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private sealed class ListRecorder : ITrainingRecorder
    {
        public List<(long Step, string Name, double Value)> Metrics { get; } = [];

        public int Flushes { get; private set; }

        public void RecordMetric(long step, string name, int? agent, double value) => Metrics.Add((step, name, value));

        public void RecordEpisode(EpisodeRecord episode)
        {
        }

        public void Flush() => Flushes++;
    }
}
