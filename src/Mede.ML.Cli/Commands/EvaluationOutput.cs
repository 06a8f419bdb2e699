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

        bool entropy = report.Agents.Any(a => a.PolicyEntropy is not null);
        if (entropy)
        {
            table.AddColumn(new TableColumn("Entropy").RightAligned());
        }

        if (report.Overlap is not null)
        {
            table.AddColumn(new TableColumn("Overlap").RightAligned());
        }

        bool travel = report.Agents.Any(a => a.Travel is not null);
        if (travel)
        {
            table.AddColumn(new TableColumn("Heading").RightAligned());
            table.AddColumn(new TableColumn("Distance").RightAligned());
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

            if (entropy)
            {
                cells.Add(agent.PolicyEntropy?.ToString("F2", CultureInfo.InvariantCulture) ?? "");
            }

            if (report.Overlap is not null)
            {
                cells.Add(agent.ClosestOverlap?.ToString("F2", CultureInfo.InvariantCulture) ?? "");
            }

            if (travel)
            {
                cells.Add(agent.Travel?.HeadingText ?? "");
                cells.Add(agent.Travel?.Distance.ToString("F1", CultureInfo.InvariantCulture) ?? "");
            }

            table.AddRow(cells.ToArray());
        }

        string caption = goals
            ? $"{(report.Deterministic ? "deterministic" : "stochastic")} policies; reaches of goals 0..{report.Agents[0].GoalCounts!.Count - 1}; distinct goals reached: {report.DistinctGoals}"
            : report.Deterministic ? "deterministic policies" : "stochastic policies";
        if (report.Overlap is { } overlap)
        {
            caption += string.Create(CultureInfo.InvariantCulture,
                $"\noverlap: of each agent's visited states with the closest other agent's (0 apart, 1 the same); mean over pairs {overlap.MeanOverlap:F2}");
        }

        if (travel)
        {
            caption += "\nheading: the direction each agent runs in (degrees from +x), with how consistently (1 every episode the same way); distance from start to end in metres";
        }

        table.Caption(caption);
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

                WriteNumberOrNull(json, "policy_entropy", agent.PolicyEntropy);
                WriteNumberOrNull(json, "closest_overlap", agent.ClosestOverlap);
                if (agent.Travel is { } travel)
                {
                    json.WriteStartObject("travel");
                    json.WriteNumber("distance", travel.Distance);
                    json.WriteNumber("heading", travel.Heading);
                    json.WriteNumber("consistency", travel.Consistency);
                    json.WriteEndObject();
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            if (report.Overlap is { } overlap)
            {
                json.WriteNumber("mean_overlap", overlap.MeanOverlap);
                json.WriteStartArray("overlap");
                for (int i = 0; i < overlap.Agents; i++)
                {
                    json.WriteStartArray();
                    for (int j = 0; j < overlap.Agents; j++)
                    {
                        json.WriteNumberValue(overlap[i, j]);
                    }

                    json.WriteEndArray();
                }

                json.WriteEndArray();
            }

            WriteNumberOrNull(json, "distinct_goals", report.DistinctGoals);

            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteNumberOrNull(Utf8JsonWriter json, string name, double? value)
    {
        if (value is double number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
