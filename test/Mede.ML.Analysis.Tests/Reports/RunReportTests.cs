using System.Text.RegularExpressions;
using System.Xml.Linq;
using Mede.ML.Algorithms;
using Mede.ML.Analysis.Reports;
using Mede.ML.Analysis.Store;
using Mede.ML.Analysis.Tests.Plots;
using Mede.ML.Analysis.Tests.Store;
using Mede.ML.Training;

namespace Mede.ML.Analysis.Tests.Reports;

[TestClass]
public sealed partial class RunReportTests
{
    [TestMethod]
    public void DigestNames_RunFolder_ItsNameThenItsNameAfterTheFolderThatHoldsIt()
    {
        string root = Path.GetTempPath();
        CollectionAssert.AreEqual(new[] { "hopper-sac-seed0", "table1/hopper-sac-seed0" },
            RunReport.DigestNames(Path.Combine(root, "table1", "runs", "hopper-sac-seed0")).ToArray(), "a sweep's runs folder is skipped");
        CollectionAssert.AreEqual(new[] { "mede-0", "figure2-beta/mede-0" },
            RunReport.DigestNames(Path.Combine(root, "figure2-beta", "mede-0") + Path.DirectorySeparatorChar).ToArray());
        CollectionAssert.AreEqual(new[] { "mede-0" }, RunReport.DigestNames(Path.Combine(Path.GetPathRoot(root)!, "mede-0")).ToArray(), "no folder holds it");
    }

    [TestMethod]
    public void Write_FourAndTenAgentsAndAVariant_OneDiscriminabilityChartPerKAndTheVariantApart()
    {
        // Hopper as the paper ran it (4 and 10 agents) and MEDE with log q(z|s,a) at DIAYN's weight: a report of all of
        // them draws one Figure 2 per K (chance differs) and keeps the variant's seeds out of the paper's MEDE.
        string folder = StoreTestRuns.NewFolder("paper-k");
        try
        {
            var runs = new List<string>();
            void Run(string name, ReinforcementAlgorithm algorithm, int agents, int seed, float beta, double logQ)
            {
                TrainingConfiguration options = StoreTestRuns.Tiny(algorithm, seed, steps: 50_000);
                options.Environment = "hopper";
                options.NumberOfAgents = agents;
                options.DiscriminatorWeight = beta;
                runs.Add(StoreTestRuns.Recorded(Path.Combine(folder, name), options, recorder =>
                {
                    for (long step = 10_000; step <= 50_000; step += 10_000)
                    {
                        for (int agent = 0; agent < agents; agent++)
                        {
                            recorder.RecordMetric(step, "return", agent, step / 100.0);
                        }

                        recorder.RecordMetric(step, "log_q_z_given_s", null, logQ + 0.01 * seed);
                        recorder.RecordMetric(step, "log_q_z_given_sa", null, logQ + 0.01 * seed);
                    }
                }, finishedAt: 50_000));
            }

            Run("mede4-0", ReinforcementAlgorithm.Mede, 4, 0, 1f, -0.8);
            Run("mede4-1", ReinforcementAlgorithm.Mede, 4, 1, 1f, -0.8);
            Run("mede4-beta-0", ReinforcementAlgorithm.Mede, 4, 0, 10f / 3f, -0.3);
            Run("mede4-beta-1", ReinforcementAlgorithm.Mede, 4, 1, 10f / 3f, -0.3);
            Run("diayn4-0", ReinforcementAlgorithm.Diayn, 4, 0, 1f, -0.5);
            Run("diayn4-1", ReinforcementAlgorithm.Diayn, 4, 1, 1f, -0.5);
            Run("mede10-0", ReinforcementAlgorithm.Mede, 10, 0, 1f, -1.5);
            Run("diayn10-0", ReinforcementAlgorithm.Diayn, 10, 0, 1f, -2.0);

            string output = Path.Combine(folder, "out");
            string report = File.ReadAllText(RunReport.Write(runs, output)[0]);

            StringAssert.Contains(report, "(discriminability-hopper-4-agents.svg)");
            StringAssert.Contains(report, "(discriminability-hopper-10-agents.svg)");
            Assert.IsFalse(report.Contains("(discriminability-hopper.svg)", StringComparison.Ordinal), report);
            string four = File.ReadAllText(Path.Combine(output, "discriminability-hopper-4-agents.svg"));
            StringAssert.Contains(four, "MEDE + DiscriminatorWeight 3.33 log q(z|s,a)");
            StringAssert.Contains(four, "log(1/K), K = 4");
            Assert.IsFalse(four.Contains("K = 10", StringComparison.Ordinal));
            // The paper's MEDE (-0.8) behind DIAYN (-0.5) at every point; the variant (-0.3) ahead of it at every point.
            StringAssert.Contains(report, "- log q(z|s): DIAYN is never behind MEDE by more than the seeds' spread (both standard deviations): no gap to close. Over the 5 points both logged, MEDE less DIAYN averages -0.30 nats; MEDE is ahead by more than both spreads at 0% of them, DIAYN at 100%.");
            StringAssert.Contains(report, "- log q(z|s), MEDE + DiscriminatorWeight 3.33: DIAYN is still behind MEDE by more than the seeds' spread (both standard deviations) at step 50,000, the last both logged. Over the 5 points both logged, MEDE less DIAYN averages +0.20 nats; MEDE is ahead by more than both spreads at 100% of them, DIAYN at 0%.");
            // Ten agents: one seed each, MEDE 0.5 nats ahead.
            StringAssert.Contains(report, "Over the 5 points both logged, MEDE less DIAYN averages +0.50 nats");
            // The learning curves keep K and the variant apart too.
            string returns = File.ReadAllText(Path.Combine(output, "returns-hopper.svg"));
            foreach (string method in new[] { "MEDE (4)", "MEDE (10)", "DIAYN (4)", "DIAYN (10)", "MEDE (4) + DiscriminatorWeight 3.33" })
            {
                StringAssert.Contains(returns, $">{method}<", method);
            }
        }
        finally
        {
            StoreTestRuns.Delete(folder);
        }
    }

    [TestMethod]
    public void Write_SameCellNameInTwoSweeps_NamesEachByItsSweep()
    {
        string folder = StoreTestRuns.NewFolder("same-name");
        try
        {
            List<string> runs = [.. new[] { "beta", "table1" }.Select(sweep => StoreTestRuns.Recorded(
                Path.Combine(folder, sweep, "runs", "multigoal-mede2-seed3"), StoreTestRuns.Tiny(), recorder =>
                {
                    recorder.RecordMetric(100, "return", 0, -100);
                    recorder.RecordMetric(100, "return", 1, -110);
                }))];

            string output = Path.Combine(folder, "out");
            string report = File.ReadAllText(RunReport.Write(runs, output)[0]);
            StringAssert.Contains(report, "| beta/multigoal-mede2-seed3 | multigoal |");
            StringAssert.Contains(report, "| table1/multigoal-mede2-seed3 | multigoal |");
            string[] csv = File.ReadAllLines(Path.Combine(output, "runs.csv"));
            Assert.IsTrue(csv.Any(l => l.StartsWith("beta/multigoal-mede2-seed3,", StringComparison.Ordinal)), string.Join('\n', csv));
        }
        finally
        {
            StoreTestRuns.Delete(folder);
        }
    }

    [TestMethod]
    public void Write_SeedsOfThreeMethods_SectionsTablesAndEveryLinkedFigure()
    {
        SeedRuns runs = SeedRuns.Shared;
        string output = StoreTestRuns.NewFolder("report");
        try
        {
            IReadOnlyList<string> written = RunReport.Write(runs.Folders, output, "Test report");

            string report = File.ReadAllText(written[0]);
            Assert.AreEqual(Path.Combine(output, "report.md"), written[0]);
            StringAssert.StartsWith(report, "# Test report\n");
            foreach (string heading in new[] { "## Runs", "## Returns", "## Goal coverage (MultiGoal)", "## Learning curves", "## Discriminability", "## Policy entropy over training", "## Paths (MultiGoal)" })
            {
                StringAssert.Contains(report, "\n" + heading + "\n", heading);
            }

            // MultiGoal is not in the paper's Table 1, and its agents' behaviour is in the goal coverage table.
            Assert.IsFalse(report.Contains("## Against the paper's Table 1", StringComparison.Ordinal));
            Assert.IsFalse(report.Contains("## How different the agents are", StringComparison.Ordinal));

            StringAssert.Contains(report, "| Method | multigoal average | multigoal max | Seeds |");
            Assert.AreEqual(1, Regex.Matches(report, @"^\| SAC \|", RegexOptions.Multiline).Count);
            Assert.AreEqual(1, Regex.Matches(report, @"^\| MEDE \(2\) \| -?\d+ ± \d+ \| -?\d+ ± \d+ \| 2 \|", RegexOptions.Multiline).Count);
            Assert.AreEqual(1, Regex.Matches(report, @"^\| DIAYN \(2\) \|", RegexOptions.Multiline).Count);
            Assert.AreEqual(5, Regex.Matches(report, @"^\| (mede|diayn|sac)-\d \| multigoal \|", RegexOptions.Multiline).Count, "one row per run");
            // Goal coverage shows the agents' overlap where an evaluation recorded their states, a dash where none did.
            Assert.AreEqual(1, Regex.Matches(report, @"^\| mede-1 \| [^|]+ \| \d+ \| \d+ \| [01]\.\d\d \|", RegexOptions.Multiline).Count, report);
            Assert.AreEqual(1, Regex.Matches(report, @"^\| mede-2 \| [^|]+ \| \d+ \| \d+ \| – \|", RegexOptions.Multiline).Count, report);

            var links = FigureLink().Matches(report).Select(m => m.Groups[1].Value).ToList();
            CollectionAssert.AreEquivalent(written.Skip(1).Where(p => p.EndsWith(".svg", StringComparison.Ordinal)).Select(Path.GetFileName).ToList(), links, "every figure written is linked, and only those");
            string[] returnsCsv = File.ReadAllLines(Path.Combine(output, "returns.csv"));
            Assert.HasCount(4, returnsCsv, "a header and SAC, MEDE, DIAYN");
            Assert.HasCount(6, File.ReadAllLines(Path.Combine(output, "runs.csv")), "a header and five runs");
            StringAssert.Contains(report, "[returns.csv](returns.csv)");
            CollectionAssert.IsSubsetOf(new[] { "returns-multigoal.svg", "discriminability-multigoal.svg", "paths-mede-1.svg" }, links);
            Assert.IsFalse(links.Contains("paths-mede-2.svg"), "runs without an evaluation have no paths figure");
            foreach (string link in links)
            {
                Assert.AreEqual("svg", XDocument.Load(Path.Combine(output, link)).Root!.Name.LocalName, link);
            }

            // Writing again replaces the report whole.
            RunReport.Write(runs.Folders.Take(2).ToList(), output, "Second");
            StringAssert.StartsWith(File.ReadAllText(Path.Combine(output, "report.md")), "# Second\n");
        }
        finally
        {
            StoreTestRuns.Delete(output);
        }
    }

    [TestMethod]
    public void Write_FromItsOwnData_DrawsTheSameReportWithoutTheRunFolders()
    {
        // The report keeps a digest of each run; a report drawn from those digests alone (the run folders gone, e.g. on
        // another machine) has the same tables, CSV and charts. Only the paths figure needs the recorded steps.
        SeedRuns runs = SeedRuns.Shared;
        string folder = StoreTestRuns.NewFolder("report-data");
        try
        {
            string first = Path.Combine(folder, "first"), second = Path.Combine(folder, "second");
            IReadOnlyList<string> written = RunReport.Write(runs.Folders, first, "Results");
            string data = Path.Combine(first, RunReport.DataFolder);
            Assert.AreEqual(data, written[^1]);
            CollectionAssert.AreEqual(runs.Folders.Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList(),
                Directory.GetDirectories(data).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList(), "one digest per run, named as in the report");
            StringAssert.Contains(File.ReadAllText(written[0]), "[data/](data/)");

            List<string> digests = [.. runs.Folders.Select(f => Path.Combine(data, Path.GetFileName(f)))];
            RunReport.Write(digests, second, "Results");

            static string WithoutDateAndPaths(string report) =>
                Regex.Replace(Regex.Replace(report, @"written \d{4}-\d\d-\d\d \d\d:\d\d UTC", "written"), @"\n## Paths \(MultiGoal\)\n.*?(?=\n## |\z)", string.Empty, RegexOptions.Singleline);
            string original = File.ReadAllText(Path.Combine(first, RunReport.FileName));
            StringAssert.Contains(original, "\n## Paths (MultiGoal)\n");
            Assert.AreEqual(WithoutDateAndPaths(original), WithoutDateAndPaths(File.ReadAllText(Path.Combine(second, RunReport.FileName))));
            foreach (string file in new[] { "returns.csv", "runs.csv", "returns-multigoal.svg", "discriminability-multigoal.svg", "entropy-multigoal.svg" })
            {
                Assert.AreEqual(File.ReadAllText(Path.Combine(first, file)), File.ReadAllText(Path.Combine(second, file)), file);
            }

            // Drawn again into its own folder from its own data: the data is replaced by the same digests, none lost.
            RunReport.Write(digests, first, "Results");
            Assert.HasCount(runs.Folders.Count, Directory.GetDirectories(data));
            Assert.IsEmpty(Directory.GetDirectories(first).Where(d => Path.GetFileName(d) != RunReport.DataFolder).ToList(), "no temporary folder is left");
            CollectionAssert.AreEqual(File.ReadAllBytes(Path.Combine(second, "runs.csv")), File.ReadAllBytes(Path.Combine(first, "runs.csv")));
        }
        finally
        {
            StoreTestRuns.Delete(folder);
        }
    }

    [TestMethod]
    public void Write_HopperRuns_ComparesWithThePapersTable1AndSaysWhenDiaynCatchesUp()
    {
        // Recorded runs on Hopper (their stores written directly: the report reads only what training records).
        string folder = StoreTestRuns.NewFolder("paper");
        try
        {
            var runs = new List<string>();
            void Run(string name, ReinforcementAlgorithm algorithm, int seed, double finalReturn, Func<long, double> logQState)
            {
                TrainingConfiguration options = StoreTestRuns.Tiny(algorithm, seed, steps: 300_000);
                options.Environment = "hopper";
                options.NumberOfAgents = algorithm == ReinforcementAlgorithm.Sac ? 1 : 4;
                runs.Add(StoreTestRuns.Recorded(Path.Combine(folder, name), options, recorder =>
                {
                    for (long step = 10_000; step <= 300_000; step += 10_000)
                    {
                        for (int agent = 0; agent < options.NumberOfAgents; agent++)
                        {
                            // A curve that has levelled off: it reaches its final return at step 150,000.
                            recorder.RecordMetric(step, "return", agent, finalReturn * Math.Min(1.0, step / 150_000.0));
                        }

                        recorder.RecordMetric(step, "entropy", null, 1.0 - step / 300_000.0);
                        if (algorithm == ReinforcementAlgorithm.Mede)
                        {
                            // Each agent's entropy too (the DIAYN runs stand for runs recorded before it was).
                            for (int agent = 0; agent < options.NumberOfAgents; agent++)
                            {
                                recorder.RecordMetric(step, "entropy", agent, 1.0 - step / 300_000.0 - 0.1 * agent);
                            }
                        }

                        if (algorithm != ReinforcementAlgorithm.Sac)
                        {
                            recorder.RecordMetric(step, "log_q_z_given_s", null, logQState(step));
                            recorder.RecordMetric(step, "log_q_z_given_sa", null, logQState(step));
                        }
                    }

                    for (int agent = 0; agent < options.NumberOfAgents; agent++)
                    {
                        recorder.RecordEpisode(new EpisodeRecord(299_000, agent, 1, finalReturn, 1000, false, -1));
                    }
                }, finishedAt: 300_000));
            }

            Run("sac-0", ReinforcementAlgorithm.Sac, 0, 3300, _ => 0);
            Run("sac-1", ReinforcementAlgorithm.Sac, 1, 3100, _ => 0);
            Run("mede-0", ReinforcementAlgorithm.Mede, 0, 2700, _ => -0.2);
            Run("mede-1", ReinforcementAlgorithm.Mede, 1, 2500, _ => -0.2);
            // DIAYN's log q(z|s) climbs from -1.4 and reaches MEDE's -0.2 at step 120,000: MEDE ahead at the 11 points before
            // it (of 30), by 1.2 - step / 100,000, 6.6 in all, +0.22 a point.
            Run("diayn-0", ReinforcementAlgorithm.Diayn, 0, 3000, step => Math.Min(-0.2, -1.4 + step / 100_000.0));
            Run("diayn-1", ReinforcementAlgorithm.Diayn, 1, 3000, step => Math.Min(-0.2, -1.4 + step / 100_000.0));

            string report = File.ReadAllText(RunReport.Write(runs, Path.Combine(folder, "out"))[0]);

            StringAssert.Contains(report, "\n## Against the paper's Table 1\n");
            // SAC: 3200 ± 141 against 3288.6 ± 116.5, within one sd; MEDE (4): 2600 against 3155.6 ± 116.2, 4.8 sd below.
            Assert.AreEqual(1, Regex.Matches(report, @"^\| hopper \| SAC \| 2 \| 300,000 \| 3200 ± 141 \| 3289 ± 116 \| within 1 sd \(-0\.8\) \| 3200 ± 141 \| – \| – \| flat \(0 per 100k\) \|$", RegexOptions.Multiline).Count, report);
            Assert.AreEqual(1, Regex.Matches(report, @"^\| hopper \| MEDE \(4\) \| 2 \| 300,000 \| 2600 ± 141 \| 3156 ± 116 \| 4\.8 sd below \| 2600 ± 141 \| 3198 ± 107 \| 5\.6 sd below \| flat", RegexOptions.Multiline).Count, report);
            Assert.AreEqual(1, Regex.Matches(report, @"^\| hopper \| DIAYN \(4\) \|", RegexOptions.Multiline).Count, report);
            // Figure 2's claim in numbers, and the entropy figure.
            StringAssert.Contains(report, "- log q(z|s): DIAYN closes the gap at step 120,000: from there on its mean is at least MEDE's less both standard deviations over seeds (MEDE's first value is at step 10,000). Over the 30 points both logged, MEDE less DIAYN averages +0.22 nats; MEDE is ahead by more than both spreads at 37% of them, DIAYN at 0%.");
            StringAssert.Contains(report, "\n## Policy entropy over training\n");
            StringAssert.Contains(report, "(entropy-hopper.svg)");
            StringAssert.Contains(report, "(entropy-agents-hopper.svg)");
            string agents = File.ReadAllText(Path.Combine(folder, "out", "entropy-agents-hopper.svg"));
            StringAssert.Contains(agents, "MEDE (4), lowest agent");
            StringAssert.Contains(agents, "MEDE (4), highest agent");
            Assert.DoesNotContain("DIAYN", agents, "the DIAYN runs recorded no per-agent entropy");
        }
        finally
        {
            StoreTestRuns.Delete(folder);
        }
    }

    [TestMethod]
    public void Write_MuJoCoRunWithAnEvaluation_ShowsHowDifferentItsAgentsAre()
    {
        Testing.MuJoCoRequirement.RequireLibrary();

        string folder = StoreTestRuns.NewFolder("behaviour");
        try
        {
            TrainingConfiguration options = StoreTestRuns.Tiny(ReinforcementAlgorithm.Mede, seed: 1, steps: 200);
            options.Environment = "hopper";
            string run = Path.Combine(folder, "hopper-mede");
            Directory.CreateDirectory(run);
            var ml = new MLContext(seed: 1);
            Func<Environments.IEnvironment> hopper = Environments.EnvironmentRegistry.Factory("hopper", new Dictionary<string, string>());
            using (RunStore store = RunStore.OpenOrCreate(run, options))
            {
                RunStoreRecorder recorder = store.CreateRecorder();
                MedeTransformer model = ml.Reinforcement().Trainers.Create(options, recorder).Fit(ml.Reinforcement().Data.FromEnvironment(hopper));
                recorder.Flush();
                store.MarkFinished(options.TotalSteps);
                EvaluationRecorder evaluation = store.BeginEvaluation(options.TotalSteps, episodesPerAgent: 2, deterministic: false);
                ml.Reinforcement().Evaluate(model, hopper, episodes: 2, recorder: evaluation);
                evaluation.Complete();
            }

            string report = File.ReadAllText(RunReport.Write([run], Path.Combine(folder, "out"))[0]);

            StringAssert.Contains(report, "\n## How different the agents are\n");
            // The overlap of the two agents' Hopper states (one pair: the mean and the closest are the same number); no
            // evaluation.json beside the store, so no entropies.
            Match row = Regex.Match(report, @"^\| hopper-mede \| hopper \| MEDE \| 2 \| ([01]\.\d\d) \| ([01]\.\d\d) \| – \|$", RegexOptions.Multiline);
            Assert.IsTrue(row.Success, report);
            Assert.AreEqual(row.Groups[1].Value, row.Groups[2].Value);
            Assert.IsFalse(report.Contains("## Against the paper's Table 1", StringComparison.Ordinal), "the paper has no 2-agent figures");
            Assert.IsFalse(report.Contains("Heading per agent", StringComparison.Ordinal), "no run says where its agents went");

            // The evaluation.json mede train writes beside the store: each agent's entropy and, for a body that travels
            // in any direction, its heading; the report shows both, and how close the two closest headings are.
            File.WriteAllText(Path.Combine(run, "evaluation.json"), """
                {"agents":[{"agent":0,"mean_return":1,"std_return":0,"max_return":1,"policy_entropy":0.5,"travel":{"distance":12.5,"heading":350.2,"consistency":0.97}},
                {"agent":1,"mean_return":1,"std_return":0,"max_return":1,"policy_entropy":0.25,"travel":{"distance":8,"heading":30,"consistency":0.5}}]}
                """);
            report = File.ReadAllText(RunReport.Write([run], Path.Combine(folder, "out"))[0]);
            StringAssert.Contains(report, "each agent's heading, the direction it runs in");
            StringAssert.Contains(report, "| Policy entropy per agent | Heading per agent | Closest headings |\n|---|---|---|---:|---:|---:|---|---|---:|\n");
            Assert.IsTrue(Regex.IsMatch(report, @"^\| hopper-mede \| hopper \| MEDE \| 2 \| [01]\.\d\d \| [01]\.\d\d \| 0\.50, 0\.25 \| 350° \(0\.97\), 30° \(0\.50\) \| 40° \|$", RegexOptions.Multiline), report);
            // And the chart of the rays: one per agent, from the start, in its heading and as long as its distance.
            StringAssert.Contains(report, "](travel-hopper.svg)");
            var svg = XDocument.Load(Path.Combine(folder, "out", "travel-hopper.svg"));
            var rays = svg.Descendants().Where(e => e.Name.LocalName == "g" && (string?)e.Attribute("class") == "travel").ToList();
            Assert.HasCount(1, rays, "one run, one series");
            Assert.HasCount(2, rays[0].Descendants().Where(e => e.Name.LocalName == "polyline"), "one ray per agent");
            Assert.IsTrue(svg.ToString().Contains("MEDE (2), hopper-mede", StringComparison.Ordinal), "the legend names the method and the run");
        }
        finally
        {
            StoreTestRuns.Delete(folder);
        }
    }

    [TestMethod]
    public void Write_RunWithPhysicsFailures_ShowsTheRunsCountAndZeroForOthers()
    {
        string folder = StoreTestRuns.NewFolder("physics");
        try
        {
            string report = TrainAndReport(folder, "unstable-run", StoreTestRuns.Tiny(steps: 120), SeedRuns.Shared.Folders[0], run =>
            {
                using RunStore store = RunStore.OpenForWriting(run);
                // What the training loop records once environments broke down: the running count.
                RunStoreRecorder recorder = store.CreateRecorder();
                recorder.RecordMetric(60, Training.TrainingSession.PhysicsFailuresMetric, null, 2);
                recorder.RecordMetric(120, Training.TrainingSession.PhysicsFailuresMetric, null, 3);
                recorder.Flush();
            });
            StringAssert.Contains(report, "| Physics failures |");
            Assert.AreEqual(1, Regex.Matches(report, @"^\| unstable-run \|.*\| 3 \| none \|$", RegexOptions.Multiline).Count, report);
            Assert.AreEqual(1, Regex.Matches(report, @"^\| (mede|diayn|sac)-\d \|.*\| 0 \| none \|$", RegexOptions.Multiline).Count, report);
        }
        finally
        {
            StoreTestRuns.Delete(folder);
        }
    }

    [TestMethod]
    public void Write_RunWithAnExtension_NamesItInItsRowAndAsAMethodOfItsOwn()
    {
        string folder = StoreTestRuns.NewFolder("extension");
        try
        {
            TrainingConfiguration options = StoreTestRuns.Tiny(steps: 120);
            options.OutcomeWeight = 30f;

            // Beside the paper's MEDE with the same agents: two methods, not one averaged over both.
            string paperMede = SeedRuns.Shared.Folders.First(f => Path.GetFileName(f).StartsWith("mede-", StringComparison.Ordinal));
            string report = TrainAndReport(folder, "outcome-run", options, paperMede);
            string output = Path.Combine(folder, "out");
            Assert.AreEqual(1, Regex.Matches(report, @"^\| outcome-run \|.*\| OutcomeWeight 30 \(bandwidth 1\) \|$", RegexOptions.Multiline).Count, report);
            Assert.AreEqual(1, Regex.Matches(report, @"^\| mede-\d \|.*\| none \|$", RegexOptions.Multiline).Count, report);
            Assert.AreEqual(1, Regex.Matches(report, @"^\| MEDE \(2\) \| -?\d", RegexOptions.Multiline).Count, report);
            Assert.AreEqual(1, Regex.Matches(report, @"^\| MEDE \(2\) \+ OutcomeWeight 30 \(bandwidth 1\), not the paper's \| -?\d", RegexOptions.Multiline).Count, report);
            Assert.HasCount(3, File.ReadAllLines(Path.Combine(output, "returns.csv")), "a header and the two methods");
        }
        finally
        {
            StoreTestRuns.Delete(folder);
        }
    }

    [TestMethod]
    public void Write_FolderWithoutStore_NamesItAndWritesNoReport()
    {
        string empty = StoreTestRuns.NewFolder("no-store");
        string output = Path.Combine(empty, "out");
        try
        {
            var e = Assert.ThrowsExactly<RunStoreException>(() => RunReport.Write([SeedRuns.Shared.Folders[0], empty], output));
            StringAssert.Contains(e.Message, Path.Combine(empty, "run.db"));
            Assert.IsFalse(File.Exists(Path.Combine(output, "report.md")));
            Assert.ThrowsExactly<ArgumentException>(() => RunReport.Write([], output));
        }
        finally
        {
            StoreTestRuns.Delete(empty);
        }
    }

    [GeneratedRegex(@"!\[[^\]]*\]\(([^)]+)\)")]
    private static partial Regex FigureLink();

    /// <summary>Trains a tiny run named <paramref name="name"/> in <paramref name="folder"/>, lets
    /// <paramref name="amend"/> add to its store, and returns the report of it beside <paramref name="other"/>
    /// (written to <c>folder/out</c>).</summary>
    private static string TrainAndReport(string folder, string name, TrainingConfiguration options, string other, Action<string>? amend = null)
    {
        string run = Path.Combine(folder, name);
        StoreTestRuns.Train(run, options, transitionInterval: 0);
        amend?.Invoke(run);
        return File.ReadAllText(RunReport.Write([run, other], Path.Combine(folder, "out"))[0]);
    }
}
