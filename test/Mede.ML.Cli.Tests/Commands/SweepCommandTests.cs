using System.Diagnostics;
using System.Text.Json;
using Mede.ML.Cli.Runs;
using YamlDotNet.Serialization;

namespace Mede.ML.Cli.Tests.Commands;

[TestClass]
[DoNotParallelize]
public sealed class SweepCommandTests
{
    /// <summary>Two MultiGoal cells (SAC, MEDE with 2 agents) at a tiny budget: a few seconds each.</summary>
    private static readonly string[] TinySweep =
    [
        "--env", "multigoal", "--algo", "sac,mede", "--agents", "2", "--seeds", "0", "--steps", "120", "--record-every", "0",
        "--eval-episodes", "1", "--set", "WarmupSteps=40", "--set", "BatchSize=16", "--set", "HiddenLayerSizes=16,16",
        "--set", "DiscriminatorHiddenLayerSizes=16,16", "--set", "CheckpointInterval=60",
    ];

    private string _folder = string.Empty;

    [TestInitialize]
    public void CreateFolder() => _folder = Path.Combine(Path.GetTempPath(), "mede-sweep-" + Guid.NewGuid().ToString("N"));

    [TestCleanup]
    public void DeleteFolder()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [TestMethod]
    public void List_TwoEnvironmentsThreeAlgorithmsTwoSeeds_CellsInOrderWithSacOnce()
    {
        var (exit, output, error) = CliRunner.Run(
            "sweep", "--out", _folder, "--env", "multigoal,pendulum", "--algo", "sac", "mede", "diayn", "--agents", "4", "--seeds", "0-1", "--list");
        Assert.AreEqual(0, exit, error);
        string[] names = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]).ToArray();
        CollectionAssert.AreEqual(
            new[]
            {
                "multigoal-sac-seed0", "multigoal-sac-seed1", "multigoal-mede4-seed0", "multigoal-mede4-seed1", "multigoal-diayn4-seed0", "multigoal-diayn4-seed1",
                "pendulum-sac-seed0", "pendulum-sac-seed1", "pendulum-mede4-seed0", "pendulum-mede4-seed1", "pendulum-diayn4-seed0", "pendulum-diayn4-seed1",
            },
            names);
        StringAssert.Contains(output, "   0  multigoal-sac-seed0");
        StringAssert.Contains(output, "new");
        Assert.IsTrue(File.Exists(Path.Combine(_folder, "sweep.json")), "the definition is kept for the same command to continue");
    }

    [TestMethod]
    [DataRow("--env", "hopperx", "--env: unknown environment 'hopperx'. Known: ")]
    [DataRow("--algo", "ppo", "--algo: 'ppo' is not one of mede, diayn, sac")]
    [DataRow("--seeds", "3-1", "--seeds: the seed range '3-1' is empty")]
    [DataRow("--set", "NoSuchOption=1", "'NoSuchOption' is not a trainer option")]
    public void Sweep_BadFlag_NamesTheFlagAndWhatIsWrong(string flag, string value, string expected)
    {
        string[] arguments = ["sweep", "--out", _folder, "--env", "multigoal", "--algo", "sac", flag, value, "--list"];
        var (exit, _, error) = CliRunner.Run(arguments);
        Assert.AreEqual(2, exit);
        StringAssert.Contains(error, expected);
        Assert.IsFalse(File.Exists(Path.Combine(_folder, "sweep.json")), "nothing is written for a bad sweep");
    }

    [TestMethod]
    public void Sweep_FileWithABadLine_NamesFileAndLine()
    {
        Directory.CreateDirectory(_folder);
        string file = Path.Combine(_folder, "sweep.txt");
        File.WriteAllLines(file, ["# the paper's three tasks", "env hopper walker2d", "algo sac mede", "agents four"]);
        var (exit, _, error) = CliRunner.Run("sweep", "--out", Path.Combine(_folder, "out"), "--file", file, "--list");
        Assert.AreEqual(2, exit);
        StringAssert.Contains(error, $"{file}:4: 'four' is not an integer of at least 1.");

        File.WriteAllLines(file, ["env hopper", "algos sac"]);
        (exit, _, error) = CliRunner.Run("sweep", "--out", Path.Combine(_folder, "out"), "--file", file, "--list");
        Assert.AreEqual(2, exit);
        StringAssert.Contains(error, $"{file}:2: unknown key 'algos'");
    }

    [TestMethod]
    public void Sweep_FileAndFlags_FlagsReplaceTheFilesAxes()
    {
        Directory.CreateDirectory(_folder);
        string file = Path.Combine(_folder, "sweep.txt");
        File.WriteAllLines(file, ["env multigoal pendulum   # two tasks", "algo sac", "seeds 0-2", "set HiddenLayerSizes=16,16"]);
        var (exit, output, error) = CliRunner.Run("sweep", "--out", Path.Combine(_folder, "out"), "--file", file, "--seeds", "5", "--list");
        Assert.AreEqual(0, exit, error);
        StringAssert.Contains(output, "   0  multigoal-sac-seed5");
        StringAssert.Contains(output, "   1  pendulum-sac-seed5");
        Assert.HasCount(2, output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var saved = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "out", "sweep.json")));
        Assert.AreEqual("HiddenLayerSizes=16,16", saved.RootElement.GetProperty("Sets")[0].GetString(), "a set value keeps its commas");
    }

    [TestMethod]
    public void Sweep_DifferentSweepInTheFolder_IsRefused()
    {
        Assert.AreEqual(0, CliRunner.Run("sweep", "--out", _folder, "--env", "multigoal", "--algo", "sac", "--list").ExitCode);
        var (exit, _, error) = CliRunner.Run("sweep", "--out", _folder, "--env", "pendulum", "--algo", "sac", "--list");
        Assert.AreEqual(2, exit);
        StringAssert.Contains(error, "holds a different sweep");

        // The bare command continues the sweep the folder holds.
        var (again, output, _) = CliRunner.Run("sweep", "--out", _folder, "--list");
        Assert.AreEqual(0, again);
        StringAssert.Contains(output, "multigoal-sac-seed0");
        Assert.AreEqual(2, CliRunner.Run("sweep", "--out", _folder, "--cell", "1").ExitCode, "one cell: index 1 is out of range");
    }

    [TestMethod]
    public void Cell_RunningInAnotherProcess_IsListedAsRunningAndLeftAlone()
    {
        Assert.AreEqual(0, CliRunner.Run(["sweep", "--out", _folder, "--list", .. TinySweep]).ExitCode);
        // A run started elsewhere (another terminal's --cell 0, a requeued array task) before its first checkpoint: the
        // state that --cell would otherwise clear to start afresh.
        string run = Path.Combine(_folder, "runs", "multigoal-sac-seed0");
        Directory.CreateDirectory(run);
        string written = Path.Combine(run, "episodes.csv");
        File.WriteAllText(written, "step,agent,episode,return,length,terminated,goal\n");
        using (RunFolderLock.Acquire(run, "train"))
        {
            var (exit, output, error) = CliRunner.Run("sweep", "--out", _folder, "--list");
            Assert.AreEqual(0, exit, error);
            string line = output.Split('\n').Single(l => l.Contains("multigoal-sac-seed0", StringComparison.Ordinal));
            StringAssert.Contains(line, $"running (another mede process {Environment.ProcessId} on ");

            (exit, _, error) = CliRunner.Run("sweep", "--out", _folder, "--cell", "0");
            Assert.AreEqual(1, exit, error);
            StringAssert.Contains(error, "cell 0 (multigoal-sac-seed0) is being trained by another mede process");
            Assert.IsTrue(File.Exists(written), "the running cell's folder was cleared from under it");
        }

        // Once that run has stopped, the cell (no checkpoint yet) starts afresh.
        string after = CliRunner.Run("sweep", "--out", _folder, "--list").Output.Split('\n').Single(l => l.Contains("multigoal-sac-seed0", StringComparison.Ordinal));
        Assert.IsTrue(after.EndsWith("steps  new", StringComparison.Ordinal), after);
    }

    [TestMethod]
    public void Sweep_ParallelTwo_TrainsEveryCellAndTheSameCommandSkipsFinishedAndResumesUnfinished()
    {
        var (exit, output, error) = CliRunner.Run(["sweep", "--out", _folder, "--parallel", "2", .. TinySweep]);
        Assert.AreEqual(0, exit, output + error);
        StringAssert.Contains(output, "cells: 2 done, 0 running, 0 left");
        string sac = Path.Combine(_folder, "runs", "multigoal-sac-seed0"), mede = Path.Combine(_folder, "runs", "multigoal-mede2-seed0");
        foreach (string run in new[] { sac, mede })
        {
            Assert.IsTrue(File.Exists(Path.Combine(run, "evaluation.json")), run);
        }

        using (var spec = JsonDocument.Parse(File.ReadAllText(Path.Combine(mede, "run.json"))))
        {
            Assert.AreEqual(2, spec.RootElement.GetProperty("Options").GetProperty("NumberOfAgents").GetInt32());
            Assert.AreEqual("Mede", spec.RootElement.GetProperty("Options").GetProperty("Algorithm").GetString());
        }

        // As if the sweep had been killed while MEDE was being evaluated: its checkpoint is complete, its evaluation not.
        File.Delete(Path.Combine(mede, "evaluation.json"));
        (exit, output, error) = CliRunner.Run(["sweep", "--out", _folder, "--parallel", "2", .. TinySweep]);
        Assert.AreEqual(0, exit, output + error);
        StringAssert.Contains(output, "2 cells, 1 finished");
        StringAssert.Contains(output, "multigoal-mede2-seed0: resuming (cell 1");
        Assert.IsFalse(output.Contains("multigoal-sac-seed0: ", StringComparison.Ordinal), "a finished cell is not run again");
        StringAssert.Contains(File.ReadAllText(Path.Combine(mede, "train.log")), "resumed from");
        Assert.IsTrue(File.Exists(Path.Combine(mede, "evaluation.json")));

        // mede report merges the sweep's run folders.
        (exit, _, error) = CliRunner.Run("report", _folder, "--out", Path.Combine(_folder, "report"));
        Assert.AreEqual(0, exit, error);
        string report = File.ReadAllText(Path.Combine(_folder, "report", "report.md"));
        StringAssert.Contains(report, "| multigoal-sac-seed0 | multigoal | SAC | 1 | 0 | 120 |");
        StringAssert.Contains(report, "| multigoal-mede2-seed0 | multigoal | MEDE | 2 | 0 | 120 |");
    }

    [TestMethod]
    public void Sweep_Reported_TrainsOnlyTheCellsTheReportLacks()
    {
        // One machine trains seed 0 and reports it; another, with an empty sweep folder, is given the report and the
        // sweep of seeds 0-1: it trains seed 1 only, and a cell of another setting does not count as reported.
        string first = Path.Combine(_folder, "first"), report = Path.Combine(_folder, "results"), second = Path.Combine(_folder, "second");
        Assert.AreEqual(0, CliRunner.Run(["sweep", "--out", first, .. TinySweep]).ExitCode);
        Assert.AreEqual(0, CliRunner.Run("report", first, "--out", report).ExitCode);
        Directory.Delete(first, recursive: true);
        string[] twoSeeds = [.. TinySweep.Select((a, i) => i > 0 && TinySweep[i - 1] == "--seeds" ? "0-1" : a)];

        var (exit, output, error) = CliRunner.Run(["sweep", "--out", second, "--reported", report, "--list", .. twoSeeds]);
        Assert.AreEqual(0, exit, output + error);
        StringAssert.Contains(output, $"   0  multigoal-sac-seed0");
        StringAssert.Contains(output, $"reported ({Path.Combine(report, "data", "multigoal-sac-seed0")})");
        StringAssert.Contains(output, $"reported ({Path.Combine(report, "data", "multigoal-mede2-seed0")})");
        Assert.AreEqual(2, output.Split('\n').Count(l => l.EndsWith("  new", StringComparison.Ordinal)), output);

        (exit, output, error) = CliRunner.Run(["sweep", "--out", second, "--reported", report, "--emit", "slurm", .. twoSeeds]);
        Assert.AreEqual(0, exit, output + error);
        StringAssert.Contains(File.ReadAllText(Path.Combine(second, "sweep.slurm")), "\n#SBATCH --array=1,3\n", "the array lists the cells the report lacks");

        (exit, output, error) = CliRunner.Run(["sweep", "--out", second, "--reported", report, .. twoSeeds]);
        Assert.AreEqual(0, exit, output + error);
        StringAssert.Contains(output, $"4 cells, 2 finished (2 of them in the report {report})");
        StringAssert.Contains(output, $"Report: mede report {report} {second} --out {report}");
        CollectionAssert.AreEquivalent(new[] { "multigoal-sac-seed1", "multigoal-mede2-seed1" }, Directory.GetDirectories(Path.Combine(second, "runs")).Select(Path.GetFileName).ToArray());
        (exit, output, _) = CliRunner.Run("sweep", "--out", second, "--reported", report, "--cell", "0");
        Assert.AreEqual(0, exit);
        StringAssert.Contains(output, "cell 0 (multigoal-sac-seed0) is in the report");

        // Another setting under the same cell names: the report's runs are not this experiment.
        string[] otherSetting = [.. TinySweep, "--set", "DiscountFactor=0.95"];
        (exit, output, error) = CliRunner.Run(["sweep", "--out", Path.Combine(_folder, "third"), "--reported", report, "--list", .. otherSetting]);
        Assert.AreEqual(0, exit, output + error);
        StringAssert.Contains(output, "new (the report's multigoal-mede2-seed0 does not count: DiscountFactor is 0.99, not 0.95)");
        Assert.IsFalse(output.Contains("reported (", StringComparison.Ordinal), output);

        (exit, _, error) = CliRunner.Run(["sweep", "--out", Path.Combine(_folder, "fourth"), "--reported", Path.Combine(_folder, "nowhere"), "--list", .. TinySweep]);
        Assert.AreEqual(2, exit);
        StringAssert.Contains(error, "not a report folder with run digests");
    }

    [TestMethod]
    public void EmitSlurm_ScriptPassesBashNAndArrayIndexOneTrainsCellOne()
    {
        var (exit, output, error) = CliRunner.Run(["sweep", "--out", _folder, "--emit", "slurm", "--slurm-option=--time=01:00:00", .. TinySweep]);
        Assert.AreEqual(0, exit, output + error);
        string script = Path.Combine(_folder, "sweep.slurm");
        string text = File.ReadAllText(script);
        StringAssert.StartsWith(text, "#!/usr/bin/env bash\n");
        StringAssert.Contains(text, "\n#SBATCH --array=0-1\n");
        StringAssert.Contains(text, "\n#SBATCH --time=01:00:00\n");
        StringAssert.Contains(text, "--cell \"$SLURM_ARRAY_TASK_ID\"");
        Assert.IsTrue(Directory.Exists(Path.Combine(_folder, "logs")), "Slurm needs the --output folder to exist");
        Assert.AreEqual(0, Shell("bash", ["-n", script], null).ExitCode, "bash -n");
        Assert.IsFalse(Directory.Exists(Path.Combine(_folder, "runs")), "emitting trains nothing");

        var (code, log) = Shell("bash", [script], ("SLURM_ARRAY_TASK_ID", "1"));
        Assert.AreEqual(0, code, log);
        string cell = Path.Combine(_folder, "runs", "multigoal-mede2-seed0");
        Assert.IsTrue(File.Exists(Path.Combine(cell, "evaluation.json")), log);
        Assert.IsFalse(Directory.Exists(Path.Combine(_folder, "runs", "multigoal-sac-seed0")), "index 1 runs cell 1 only");

        // Without the index variable the script refuses to run instead of guessing a cell.
        var (missing, message) = Shell("bash", [script], null);
        Assert.AreNotEqual(0, missing);
        StringAssert.Contains(message, "SLURM_ARRAY_TASK_ID");
    }

    [TestMethod]
    public void EmitKubernetes_ManifestIsAnIndexedJobAndCompletionIndexZeroTrainsCellZero()
    {
        var (exit, output, error) = CliRunner.Run(["sweep", "--out", _folder, "--emit", "kubernetes", "--image", "registry/mede:1", "--claim", "runs", .. TinySweep]);
        Assert.AreEqual(0, exit, output + error);
        string yaml = File.ReadAllText(Path.Combine(_folder, "sweep.k8s.yaml"));
        var job = (Dictionary<object, object>)new DeserializerBuilder().Build().Deserialize<object>(yaml)!;
        Assert.AreEqual("batch/v1", job["apiVersion"]);
        Assert.AreEqual("Job", job["kind"]);
        var spec = (Dictionary<object, object>)job["spec"];
        Assert.AreEqual("Indexed", spec["completionMode"]);
        Assert.AreEqual("2", spec["completions"]);
        Assert.AreEqual("2", spec["parallelism"]);
        var pod = (Dictionary<object, object>)((Dictionary<object, object>)spec["template"])["spec"];
        var container = (Dictionary<object, object>)((List<object>)pod["containers"])[0];
        Assert.AreEqual("registry/mede:1", container["image"]);
        string[] command = ((List<object>)container["command"]).Cast<string>().ToArray();
        StringAssert.Contains(command[^1], "--cell \"$JOB_COMPLETION_INDEX\"");
        var mount = (Dictionary<object, object>)((List<object>)container["volumeMounts"])[0];
        Assert.AreEqual(Path.GetFullPath(_folder), mount["mountPath"]);
        var volume = (Dictionary<object, object>)((List<object>)pod["volumes"])[0];
        Assert.AreEqual("runs", ((Dictionary<object, object>)volume["persistentVolumeClaim"])["claimName"]);

        // The container's command, run here with the index Kubernetes would set.
        var (code, log) = Shell(command[0], command[1..], ("JOB_COMPLETION_INDEX", "0"));
        Assert.AreEqual(0, code, log);
        Assert.IsTrue(File.Exists(Path.Combine(_folder, "runs", "multigoal-sac-seed0", "evaluation.json")), log);
        Assert.IsFalse(Directory.Exists(Path.Combine(_folder, "runs", "multigoal-mede2-seed0")), "index 0 runs cell 0 only");

        // Run again (a restarted pod): the finished cell is left alone.
        (code, log) = Shell(command[0], command[1..], ("JOB_COMPLETION_INDEX", "0"));
        Assert.AreEqual(0, code, log);
        StringAssert.Contains(log, "cell 0 (multigoal-sac-seed0) is finished");
    }

    private static (int ExitCode, string Output) Shell(string file, string[] arguments, (string Name, string Value)? variable)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Remove("SLURM_ARRAY_TASK_ID");
        info.Environment.Remove("JOB_COMPLETION_INDEX");
        if (variable is var (name, value))
        {
            info.Environment[name] = value;
        }

        using Process process = Process.Start(info)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        string error = process.StandardError.ReadToEnd();
        Assert.IsTrue(process.WaitForExit(TimeSpan.FromMinutes(3)), $"{file} did not finish in 3 minutes");
        return (process.ExitCode, output.Result + error);
    }
}
