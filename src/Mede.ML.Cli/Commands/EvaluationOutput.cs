using System.Globalization;
using System.Text.Json;
using Mede.ML.Evaluation;
using Spectre.Console;

namespace Mede.ML.Cli.Commands;

/// <summary>Renders an evaluation as a table (people) or one JSON object (scripts).</summary>
internal static class EvaluationOutput
{
    public static Table Table(EvaluationReport report)
    {
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("Agent");
        table.AddColumn(new TableColumn("Episodes").RightAligned());
        table.AddColumn(new TableColumn("Mean return").RightAligned());
        table.AddColumn(new TableColumn("Std").RightAligned());
        table.AddColumn(new TableColumn("Max return").RightAligned());
        bool goals = report.DistinctGoals is not null;
        if (goals)
        {
            table.AddColumn("Reaches per goal");
        }

        foreach (AgentEvaluation agent in report.Agents)
        {
            var cells = new List<string>
            {
                agent.Agent.ToString(CultureInfo.InvariantCulture),
                agent.Episodes.ToString(CultureInfo.InvariantCulture),
                agent.MeanReturn.ToString("F2", CultureInfo.InvariantCulture),
                agent.StdReturn.ToString("F2", CultureInfo.InvariantCulture),
                agent.MaxReturn.ToString("F2", CultureInfo.InvariantCulture),
            };
            if (goals)
            {
                cells.Add(string.Join(" ", agent.GoalCounts!.Select(c => c.ToString(CultureInfo.InvariantCulture).PadLeft(2))));
            }

            table.AddRow(cells.ToArray());
        }

        table.Caption(goals
            ? $"{(report.Deterministic ? "deterministic" : "stochastic")} policies; reaches of goals 0..{report.Agents[0].GoalCounts!.Count - 1}; distinct goals reached: {report.DistinctGoals}"
            : report.Deterministic ? "deterministic policies" : "stochastic policies");
        return table;
    }

    /// <summary>Writes <c>evaluation.json</c> into a run folder atomically: a reader (or a crash) sees the old file or
    /// the new one whole, never a part.</summary>
    public static void Save(string folder, EvaluationReport report) => Save(folder, report, static (stream, bytes) => stream.Write(bytes));

    /// <summary>As <see cref="Save(string, EvaluationReport)"/>, with the write of the bytes into the file given: a
    /// test fails it half-way, as a full disk would.</summary>
    internal static void Save(string folder, EvaluationReport report, Action<Stream, byte[]> write)
    {
        // The new content goes to a temporary file, is flushed to the disk, and then replaces the old file in one
        // rename; a failure on the way leaves the old file as it was and removes the temporary one.
        string path = Path.Combine(folder, "evaluation.json");
        string temporary = path + ".tmp";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                write(stream, System.Text.Encoding.UTF8.GetBytes(Json(report)));
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    private static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The error being thrown is the one that matters; a stray .tmp file is harmless.
        }
    }

    public static string Json(EvaluationReport report)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false }))
        {
            json.WriteStartObject();
            json.WriteStartArray("agents");
            foreach (AgentEvaluation agent in report.Agents)
            {
                json.WriteStartObject();
                json.WriteNumber("agent", agent.Agent);
                json.WriteNumber("mean_return", agent.MeanReturn);
                json.WriteNumber("std_return", agent.StdReturn);
                json.WriteNumber("max_return", agent.MaxReturn);
                if (agent.GoalCounts is not null)
                {
                    json.WriteStartArray("goals");
                    foreach (int count in agent.GoalCounts)
                    {
                        json.WriteNumberValue(count);
                    }

                    json.WriteEndArray();
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            if (report.DistinctGoals is int distinct)
            {
                json.WriteNumber("distinct_goals", distinct);
            }
            else
            {
                json.WriteNull("distinct_goals");
            }

            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
