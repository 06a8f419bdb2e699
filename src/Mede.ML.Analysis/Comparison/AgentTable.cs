using System.Globalization;
using System.Net;
using System.Text;
using Mede.ML.Analysis.Store;

namespace Mede.ML.Analysis.Comparison;

/// <summary>Per-agent summaries of one run (returns and, on MultiGoal, the goal each agent reaches) as Markdown or HTML.</summary>
public static class AgentTable
{
    /// <summary>A GitHub Markdown table: agent, episodes, mean ± std, max return, and the goal column when any agent
    /// reached a goal.</summary>
    public static string ToMarkdown(IReadOnlyList<AgentSummary> agents)
    {
        ArgumentNullException.ThrowIfNull(agents);
        bool goals = agents.Any(a => a.GoalCounts.Count > 0);
        var text = new StringBuilder(goals
            ? "| Agent | Episodes | Return (mean ± std) | Max return | Goal (share of episodes) |\n|---:|---:|---:|---:|---|\n"
            : "| Agent | Episodes | Return (mean ± std) | Max return |\n|---:|---:|---:|---:|\n");
        foreach (AgentSummary a in agents)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {a.Agent} | {a.Episodes} | {RunComparison.FormatMeanStd(a.MeanReturn, a.StdReturn)} | {Number(a.MaxReturn)} |");
            text.Append(goals ? $" {Goal(a)} |\n" : "\n");
        }

        return text.ToString();
    }

    /// <summary>The same table as HTML.</summary>
    public static string ToHtml(IReadOnlyList<AgentSummary> agents)
    {
        ArgumentNullException.ThrowIfNull(agents);
        bool goals = agents.Any(a => a.GoalCounts.Count > 0);
        var html = new StringBuilder("<table class=\"mede-agents\">\n<thead><tr><th>Agent</th><th>Episodes</th><th>Return (mean ± std)</th><th>Max return</th>");
        html.Append(goals ? "<th>Goal (share of episodes)</th></tr></thead>\n<tbody>\n" : "</tr></thead>\n<tbody>\n");
        foreach (AgentSummary a in agents)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{a.Agent}</td><td>{a.Episodes}</td><td>{WebUtility.HtmlEncode(RunComparison.FormatMeanStd(a.MeanReturn, a.StdReturn))}</td><td>{Number(a.MaxReturn)}</td>");
            html.Append(goals ? $"<td>{WebUtility.HtmlEncode(Goal(a))}</td></tr>\n" : "</tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
        return html.ToString();
    }

    /// <summary>How many distinct goals the agents' most frequent goals cover (agents that share a goal count once).</summary>
    public static int GoalsCovered(IReadOnlyList<AgentSummary> agents) =>
        agents?.Where(a => a.Goal >= 0).Select(a => a.Goal).Distinct().Count() ?? throw new ArgumentNullException(nameof(agents));

    private static string Goal(AgentSummary a) =>
        a.Goal < 0 ? "none" : string.Create(CultureInfo.InvariantCulture, $"g{a.Goal} ({a.GoalRate:P0})");

    private static string Number(double value) => value.ToString(Math.Abs(value) >= 100 ? "F0" : "F1", CultureInfo.InvariantCulture);
}
