using System.Text.Json;
using Mede.ML.Evaluation;

namespace Mede.ML.Analysis.Store;

/// <summary>Reads what reports take from a run folder's <c>evaluation.json</c> (the evaluation of the stochastic
/// policies that <c>mede train</c> writes last, kept in a digest too): each agent's policy entropy and, on tasks whose
/// body travels in any direction, its heading.</summary>
internal static class EvaluationFile
{
    /// <summary>The file's name in a run or digest folder.</summary>
    public const string FileName = "evaluation.json";

    /// <summary>Each agent's policy entropy, or null when the folder has no <c>evaluation.json</c> or an agent lacks
    /// one.</summary>
    public static IReadOnlyList<double>? Entropies(string folder) =>
        PerAgent(folder, agent => agent.TryGetProperty("policy_entropy", out JsonElement h) && h.ValueKind == JsonValueKind.Number ? (true, h.GetDouble()) : (false, 0.0));

    /// <summary>Each agent's travel (<see cref="AgentTravel"/>), or null when the folder has no <c>evaluation.json</c>
    /// or an agent lacks one (a task whose body does not travel, or a run evaluated before it was measured).</summary>
    public static IReadOnlyList<AgentTravel>? Travel(string folder) => PerAgent(folder, agent =>
        agent.TryGetProperty("travel", out JsonElement t) && t.ValueKind == JsonValueKind.Object
            ? (true, new AgentTravel(t.GetProperty("distance").GetDouble(), t.GetProperty("heading").GetDouble(), t.GetProperty("consistency").GetDouble()))
            : (false, null!));

    private static IReadOnlyList<T>? PerAgent<T>(string folder, Func<JsonElement, (bool Found, T Value)> read)
    {
        string path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        List<(bool Found, T Value)> values;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            values = [.. document.RootElement.GetProperty("agents").EnumerateArray().Select(read)];
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new RunStoreException($"{path}: not an evaluation written by mede train ({e.Message}).", e);
        }

        return values.Count > 0 && values.All(v => v.Found) ? [.. values.Select(v => v.Value)] : null;
    }
}
