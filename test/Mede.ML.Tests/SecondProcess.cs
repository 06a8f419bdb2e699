using System.Diagnostics;
using Microsoft.ML;

namespace Mede.ML.Tests;

/// <summary>Scores rows with a saved model in a fresh process (test/Mede.ML.ModelProbe), as a user's program that
/// only has the model file would: once with what <c>ml.Model.Load</c> returns, once with the typed model.</summary>
internal static class SecondProcess
{
    public static (IDataView Chain, IDataView Typed) Score(MLContext ml, string modelPath, IDataView rows, string folder)
    {
        string input = Path.Combine(folder, "input.idv"), chain = Path.Combine(folder, "chain.idv"), typed = Path.Combine(folder, "typed.idv");
        using (FileStream stream = File.Create(input))
        {
            ml.Data.SaveAsBinary(rows, stream, keepHidden: false);
        }

        string probe = Path.Combine(AppContext.BaseDirectory, "Mede.ML.ModelProbe.dll");
        Assert.IsTrue(File.Exists(probe), $"the probe is built beside the tests: {probe}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[] { probe, modelPath, input, chain, typed })
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        string error = process.StandardError.ReadToEnd();
        Assert.IsTrue(process.WaitForExit(120_000), "the probe finishes within two minutes");
        Assert.AreEqual(0, process.ExitCode, $"the probe loads and scores: {output.Result}{error}");
        return (ml.Data.LoadFromBinary(chain), ml.Data.LoadFromBinary(typed));
    }
}
