using System.Globalization;
using System.Text;
using YamlDotNet.Serialization;

namespace Mede.ML.Cli.Sweeps;

/// <summary>
/// A sweep for the schedulers clusters already have: a Slurm job array and a Kubernetes Indexed Job. In both,
/// array index i runs exactly cell i (<c>mede sweep --out DIR --cell i</c>, which starts or resumes that cell into
/// <c>DIR/runs/&lt;cell&gt;/</c>), so a requeued or restarted task continues from its checkpoint, and
/// <c>mede report DIR</c> merges the run folders afterwards. DIR must be the same path on every node (a shared
/// file system, or the volume the manifest mounts there).
/// </summary>
internal static class SweepScripts
{
    public const string SlurmFile = "sweep.slurm";
    public const string KubernetesFile = "sweep.k8s.yaml";

    /// <summary>The shell command array task <paramref name="indexVariable"/> runs.</summary>
    public static string CellCommand(IReadOnlyList<string> mede, string root, string indexVariable) =>
        $"{MedeExecutable.Quote(mede)} sweep --out {MedeExecutable.Quote(root)} --cell \"${indexVariable}\"";

    /// <summary>A Slurm batch script: one array task per cell (per cell a report given with <c>--reported</c> does not
    /// hold yet), <c>%parallel</c> at once (0: no limit).</summary>
    public static string Slurm(SweepFolder sweep, IReadOnlyList<string> mede, int parallel, int cpusPerTask, IReadOnlyList<string> extraOptions)
    {
        List<int> indices = [.. sweep.Cells.Where(c => sweep.State(c) != SweepCellState.Reported).Select(c => c.Index)];
        string array = indices.Count == sweep.Cells.Count
            ? string.Create(CultureInfo.InvariantCulture, $"0-{sweep.Cells.Count - 1}")
            : string.Join(",", indices.Select(i => i.ToString(CultureInfo.InvariantCulture)));
        if (indices.Count == 0)
        {
            throw new UsageException($"--reported {sweep.Reported!.Folder} holds every cell of the sweep: nothing to submit.");
        }

        var script = new StringBuilder();
        script.Append("#!/usr/bin/env bash\n");
        Header(script, sweep, "SLURM_ARRAY_TASK_ID");
        script.Append(CultureInfo.InvariantCulture, $"# Submit with: sbatch {MedeExecutable.Quote(Path.Combine(sweep.Root, SlurmFile))}\n");
        script.Append("#SBATCH --job-name=mede-sweep\n");
        script.Append(CultureInfo.InvariantCulture, $"#SBATCH --array={array}{(parallel > 0 ? "%" + parallel.ToString(CultureInfo.InvariantCulture) : string.Empty)}\n");
        script.Append(CultureInfo.InvariantCulture, $"#SBATCH --cpus-per-task={cpusPerTask}\n");
        // Slurm does not create the folder of --output; the sweep made logs/ when it wrote this script.
        script.Append(CultureInfo.InvariantCulture, $"#SBATCH --output={Path.Combine(sweep.LogsFolder, "slurm-%A_%a.log")}\n");
        script.Append("#SBATCH --open-mode=append\n");
        script.Append("#SBATCH --requeue\n");
        foreach (string option in extraOptions)
        {
            script.Append(CultureInfo.InvariantCulture, $"#SBATCH {option}\n");
        }

        script.Append("set -euo pipefail\n");
        script.Append(": \"${SLURM_ARRAY_TASK_ID:?submit this script with sbatch (it is a job array), or set SLURM_ARRAY_TASK_ID to run one cell by hand}\"\n");
        script.Append(CultureInfo.InvariantCulture, $"exec {CellCommand(mede, sweep.Root, "SLURM_ARRAY_TASK_ID")}\n");
        return script.ToString();
    }

    /// <summary>A Kubernetes Indexed Job: one completion per cell, <paramref name="parallel"/> pods at once (0: all), the claim
    /// <paramref name="claim"/> mounted at the sweep folder.</summary>
    public static string Kubernetes(SweepFolder sweep, IReadOnlyList<string> mede, int parallel, int cpusPerTask, string image, string claim)
    {
        var labels = new Dictionary<string, object> { ["app.kubernetes.io/name"] = "mede-sweep" };
        var container = new Dictionary<string, object>
        {
            ["name"] = "mede",
            ["image"] = image,
            // JOB_COMPLETION_INDEX is set in every pod of an Indexed Job; the shell expands it.
            ["command"] = new List<string> { "sh", "-c", "exec " + CellCommand(mede, sweep.Root, "JOB_COMPLETION_INDEX") },
            ["resources"] = new Dictionary<string, object> { ["requests"] = new Dictionary<string, object> { ["cpu"] = cpusPerTask.ToString(CultureInfo.InvariantCulture) } },
            ["volumeMounts"] = new List<object> { new Dictionary<string, object> { ["name"] = "sweep", ["mountPath"] = sweep.Root } },
        };
        var job = new Dictionary<string, object>
        {
            ["apiVersion"] = "batch/v1",
            ["kind"] = "Job",
            ["metadata"] = new Dictionary<string, object> { ["name"] = "mede-sweep", ["labels"] = labels },
            ["spec"] = new Dictionary<string, object>
            {
                ["completionMode"] = "Indexed",
                ["completions"] = sweep.Cells.Count,
                ["parallelism"] = parallel <= 0 ? sweep.Cells.Count : Math.Min(parallel, sweep.Cells.Count),
                // A failed pod is retried (and resumes from its checkpoint); this many failures in all end the Job.
                ["backoffLimit"] = Math.Max(6, sweep.Cells.Count),
                ["template"] = new Dictionary<string, object>
                {
                    ["metadata"] = new Dictionary<string, object> { ["labels"] = labels },
                    ["spec"] = new Dictionary<string, object>
                    {
                        ["restartPolicy"] = "OnFailure",
                        ["containers"] = new List<object> { container },
                        ["volumes"] = new List<object>
                        {
                            new Dictionary<string, object>
                            {
                                ["name"] = "sweep",
                                ["persistentVolumeClaim"] = new Dictionary<string, object> { ["claimName"] = claim },
                            },
                        },
                    },
                },
            },
        };

        var manifest = new StringBuilder();
        Header(manifest, sweep, "JOB_COMPLETION_INDEX");
        manifest.Append(CultureInfo.InvariantCulture,
            $"# The claim '{claim}' is mounted at {sweep.Root} and must hold its {SweepFolder.DefinitionFile}; the image '{image}' must run mede.\n");
        manifest.Append(CultureInfo.InvariantCulture, $"# Apply with: kubectl apply -f {Path.Combine(sweep.Root, KubernetesFile)}\n");
        manifest.Append(new SerializerBuilder().DisableAliases().Build().Serialize(job));
        return manifest.ToString();
    }

    private static void Header(StringBuilder text, SweepFolder sweep, string indexVariable)
    {
        text.Append(CultureInfo.InvariantCulture,
            $"# Mede.ML sweep of {sweep.Cells.Count} cells: index i (${indexVariable}) trains cell i of {Path.Combine(sweep.Root, SweepFolder.DefinitionFile)}\n");
        text.Append(CultureInfo.InvariantCulture, $"# into {sweep.RunsFolder}/<cell>/, resuming from its checkpoint when restarted.\n");
        text.Append(CultureInfo.InvariantCulture, $"# Merge the runs afterwards with: mede report {MedeExecutable.Quote(sweep.Root)} --out {MedeExecutable.Quote(Path.Combine(sweep.Root, "report"))}\n");
        text.Append("# Cells:\n");
        foreach (SweepCell cell in sweep.Cells)
        {
            text.Append(CultureInfo.InvariantCulture, $"#   {cell.Index} {cell.Name} ({cell.TotalSteps:N0} steps)\n");
        }
    }
}
