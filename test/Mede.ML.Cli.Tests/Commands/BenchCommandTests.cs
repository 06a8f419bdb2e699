using System.Text.Json;

namespace Mede.ML.Cli.Tests.Commands;

/// <summary>The JSON shapes of <c>mede bench</c> (keys are API for scripts); short runs, no speed is asserted.</summary>
[TestClass]
[DoNotParallelize]
public sealed class BenchCommandTests
{
    [TestMethod]
    public void Updates_Json_HasTheDocumentedKeysAndNoAllocations()
    {
        // A short window (a few updates) so that even one allocation in it, once, shows per update: a Stopwatch
        // object made inside the window used to count 40 bytes (20 per update at 0.02 s).
        var (exit, output, error) = CliRunner.Run("bench", "updates", "--algo", "mede", "--hidden", "32", "--seconds", "0.02", "--json");
        Assert.AreEqual(0, exit, error);
        using var document = JsonDocument.Parse(output);
        JsonElement item = document.RootElement.GetProperty("cases")[0];
        CollectionAssert.AreEquivalent(
            new[] { "backend", "algo", "obs", "act", "agents", "hidden", "batch", "threads", "updates_per_second", "allocated_bytes_per_update", "achieved_gflops", "gemm_peak_gflops" },
            item.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.AreEqual("managed", item.GetProperty("backend").GetString());
        Assert.AreEqual("mede", item.GetProperty("algo").GetString());
        Assert.AreEqual(32, item.GetProperty("hidden").GetInt32());
        Assert.AreEqual(0.0, item.GetProperty("allocated_bytes_per_update").GetDouble());
        Assert.IsGreaterThan(0.0, item.GetProperty("updates_per_second").GetDouble());
    }

    [TestMethod]
    public void Updates_BothBackends_ReportsTorchSharpBesideTheManagedEngine()
    {
        var (exit, output, error) = CliRunner.Run("bench", "updates", "--algo", "mede", "--backend", "managed", "--backend", "torchsharp", "--hidden", "32", "--seconds", "0.3", "--json");
        Assert.AreEqual(0, exit, error);
        using var document = JsonDocument.Parse(output);
        var cases = document.RootElement.GetProperty("cases").EnumerateArray().ToList();
        CollectionAssert.AreEqual(new[] { "managed", "torchsharp" }, cases.Select(c => c.GetProperty("backend").GetString()).ToArray());
        Assert.IsTrue(cases.All(c => c.GetProperty("updates_per_second").GetDouble() > 0), output);
    }

    [TestMethod]
    public void Memory_Json_BothModes_HaveTheDocumentedKeysAndEndWithTheTensorsTheyStartedWith()
    {
        var (exit, output, error) = CliRunner.Run("bench", "memory", "--updates", "40", "--hidden", "32", "--batch", "32", "--json");
        Assert.AreEqual(0, exit, error);
        using var document = JsonDocument.Parse(output);
        Assert.AreEqual(32_000_000, document.RootElement.GetProperty("flat_working_set_bytes").GetInt64());
        var cases = document.RootElement.GetProperty("cases").EnumerateArray().ToList();
        CollectionAssert.AreEqual(new[] { "shared", "separate" }, cases.Select(c => c.GetProperty("mode").GetString()).ToArray());
        foreach (JsonElement c in cases)
        {
            CollectionAssert.AreEquivalent(
                new[] { "backend", "algo", "mode", "updates", "discriminator_steps", "obs", "act", "agents", "hidden", "batch", "threads", "seconds", "samples", "start", "end", "growth", "flat" },
                c.EnumerateObject().Select(p => p.Name).ToArray());
            Assert.AreEqual("torchsharp", c.GetProperty("backend").GetString());
            Assert.AreEqual(40, c.GetProperty("updates").GetInt64());
            var samples = c.GetProperty("samples").EnumerateArray().ToList();
            // Every tenth of the run, plus the start.
            CollectionAssert.AreEqual(new long[] { 0, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40 }, samples.Select(s => s.GetProperty("update").GetInt64()).ToArray());
            CollectionAssert.AreEquivalent(new[] { "update", "live_tensors", "working_set_bytes", "gc_heap_bytes" }, samples[0].EnumerateObject().Select(p => p.Name).ToArray());
            CollectionAssert.AreEquivalent(new[] { "live_tensors", "working_set_bytes", "gc_heap_bytes" }, c.GetProperty("growth").EnumerateObject().Select(p => p.Name).ToArray());
            long startTensors = c.GetProperty("start").GetProperty("live_tensors").GetInt64();
            Assert.IsGreaterThan(0L, startTensors, "the learner's own tensors are live");
            Assert.AreEqual(startTensors, c.GetProperty("end").GetProperty("live_tensors").GetInt64(), $"{c.GetProperty("mode")}: live tensors at the end");
            Assert.AreEqual(0, c.GetProperty("growth").GetProperty("live_tensors").GetInt64());
            Assert.IsGreaterThan(0L, samples[^1].GetProperty("working_set_bytes").GetInt64());
        }

        // Separate mode: four agents' updates per round, one discriminator step each round.
        Assert.AreEqual(10, cases[1].GetProperty("discriminator_steps").GetInt64());
        Assert.AreEqual(0, cases[0].GetProperty("discriminator_steps").GetInt64());
    }

    [TestMethod]
    public void Env_Json_HasTheDocumentedKeys()
    {
        var (exit, output, error) = CliRunner.Run("bench", "env", "--env", "pendulum", "--seconds", "0.2", "--json");
        Assert.AreEqual(0, exit, error);
        using var document = JsonDocument.Parse(output);
        CollectionAssert.AreEquivalent(new[] { "env", "threads", "steps_per_second" }, document.RootElement.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.AreEqual("pendulum", document.RootElement.GetProperty("env").GetString());
    }

    [TestMethod]
    public void Store_Json_HasTheDocumentedKeys()
    {
        var (exit, output, error) = CliRunner.Run("bench", "store", "--transitions", "2000", "--training-steps", "0", "--json");
        Assert.AreEqual(0, exit, error);
        using var document = JsonDocument.Parse(output);
        JsonElement writes = document.RootElement.GetProperty("writes");
        Assert.AreEqual(3, writes.GetArrayLength());
        CollectionAssert.AreEquivalent(
            new[] { "obs", "act", "transitions", "recorder_per_second", "bare_per_second", "ratio", "bytes_per_transition" },
            writes[0].EnumerateObject().Select(p => p.Name).ToArray());
        Assert.IsGreaterThan(0.0, writes[1].GetProperty("recorder_per_second").GetDouble());
        Assert.AreEqual(JsonValueKind.Null, document.RootElement.GetProperty("training").ValueKind);
    }

    [TestMethod]
    [DataRow("env", "--threads", "-4", "at least 1")]
    [DataRow("env", "--threads", "0", "at least 1")]
    [DataRow("env", "--threads", "100000", "at most 1,024")]
    [DataRow("env", "--threads", "99999999999", "a whole number")]
    [DataRow("env", "--seconds", "0", "positive number of seconds")]
    [DataRow("env", "--seconds", "-1", "positive number of seconds")]
    [DataRow("env", "--seconds", "NaN", "positive number of seconds")]
    [DataRow("env", "--seconds", "Infinity", "positive number of seconds")]
    [DataRow("env", "--seconds", "1e300", "at most 3,600")]
    [DataRow("updates", "--agents", "0", "at least 1")]
    [DataRow("updates", "--agents", "5000", "at most 1,024")]
    [DataRow("updates", "--threads", "-4", "at least 1")]
    [DataRow("updates", "--hidden", "0", "at least 1")]
    [DataRow("updates", "--hidden", "1000000", "at most 8,192")]
    [DataRow("updates", "--obs", "0", "at least 1")]
    [DataRow("updates", "--act", "-1", "at least 1")]
    [DataRow("updates", "--batch", "0", "at least 1")]
    [DataRow("updates", "--seconds", "0", "positive number of seconds")]
    [DataRow("mlp", "--seconds", "-2", "positive number of seconds")]
    [DataRow("memory", "--updates", "0", "at least 1")]
    [DataRow("memory", "--updates", "100000000", "at most 10,000,000")]
    [DataRow("memory", "--hidden", "0", "at least 1")]
    [DataRow("store", "--transitions", "0", "at least 1")]
    [DataRow("store", "--training-steps", "-1", "at least 0")]
    public void Bench_NumberOutOfRange_IsAUsageErrorNamingItWithoutAStackTrace(string bench, string option, string value, string expected)
    {
        var (exit, output, error) = CliRunner.Run("bench", bench, option, value);

        Assert.AreEqual(2, exit, error + output);
        StringAssert.Contains(error, $"{option} {value}");
        StringAssert.Contains(error, expected);
        foreach (string leak in new[] { "System.", "Exception", "   at ", "(Parameter '", "bug in mede" })
        {
            Assert.IsFalse(error.Contains(leak, StringComparison.Ordinal), $"'{leak}' in: {error}");
        }

        Assert.AreEqual(string.Empty, output, "nothing is measured");
    }
}
