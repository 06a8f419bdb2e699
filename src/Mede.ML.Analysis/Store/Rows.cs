using Microsoft.ML.Data;

namespace Mede.ML.Analysis.Store;

/// <summary>The run a store belongs to: one row of the <c>runs</c> table.</summary>
public sealed class RunRow
{
    /// <summary>The run folder's name (the store's parent folder).</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The environment's registry name, e.g. <c>multigoal</c>.</summary>
    public string Environment { get; set; } = string.Empty;

    /// <summary>MEDE, DIAYN or SAC.</summary>
    public string Algorithm { get; set; } = string.Empty;

    /// <summary>The number of agents |Z|.</summary>
    public int Agents { get; set; }

    /// <summary>The run's seed.</summary>
    public int Seed { get; set; }

    /// <summary>Shared or Separate networks.</summary>
    public string Network { get; set; } = string.Empty;

    /// <summary>The step budget.</summary>
    public long TotalSteps { get; set; }

    /// <summary>The trainer options as JSON.</summary>
    public string OptionsJson { get; set; } = string.Empty;

    /// <summary>The Mede.ML version that wrote the run.</summary>
    public string CodeVersion { get; set; } = string.Empty;

    /// <summary>When training started (ISO 8601, UTC).</summary>
    public string StartedAt { get; set; } = string.Empty;

    /// <summary>When training finished (ISO 8601, UTC), or empty while it runs or after it was stopped.</summary>
    public string EndedAt { get; set; } = string.Empty;

    /// <summary>The last step training reached, or -1 when unknown.</summary>
    public long LastStep { get; set; } = -1;

    /// <summary>True for MultiGoal runs, whose episodes end at goals (goal columns and paths apply).</summary>
    public bool IsMultiGoal => Environment.StartsWith("multigoal", StringComparison.OrdinalIgnoreCase);
}

/// <summary>One episode: of training (<see cref="EvaluationId"/> -1) or of an evaluation.</summary>
public sealed class EpisodeRow
{
    /// <summary>The episode's id in the store.</summary>
    public long Id { get; set; }

    /// <summary>The evaluation it belongs to, or -1 for a training episode.</summary>
    public long EvaluationId { get; set; } = -1;

    /// <summary>The training step at which it ended (0 in evaluations).</summary>
    public long Step { get; set; }

    /// <summary>The agent z.</summary>
    public int Agent { get; set; }

    /// <summary>The agent's episode number, from 0.</summary>
    public long Episode { get; set; }

    /// <summary>The sum of environment rewards.</summary>
    public double Return { get; set; }

    /// <summary>Steps in the episode.</summary>
    public int Length { get; set; }

    /// <summary>True when it ended in a terminal state, false when truncated.</summary>
    public bool Terminated { get; set; }

    /// <summary>The goal reached (MultiGoal), or -1.</summary>
    public int Goal { get; set; } = -1;

    /// <summary>True when every step of the episode is in the transitions table.</summary>
    public bool HasTransitions { get; set; }
}

/// <summary>One metric value (a point of a series).</summary>
public sealed class MetricRow
{
    /// <summary>The environment step.</summary>
    public long Step { get; set; }

    /// <summary>The metric's name (<c>return</c>, <c>log_q_z_given_sa</c>, <c>critic_loss</c>, ...).</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The agent, or -1 for a run-wide value.</summary>
    public int Agent { get; set; } = -1;

    /// <summary>The value.</summary>
    public double Value { get; set; }
}

/// <summary>One recorded step of an episode.</summary>
public sealed class TransitionRow
{
    /// <summary>The episode's id (<see cref="EpisodeRow.Id"/>).</summary>
    public long EpisodeId { get; set; }

    /// <summary>The step within the episode, from 0.</summary>
    public int Time { get; set; }

    /// <summary>The observation acted on.</summary>
    public float[] Observation { get; set; } = [];

    /// <summary>The action applied (the environment's units).</summary>
    public float[] Action { get; set; } = [];

    /// <summary>The environment's reward.</summary>
    public float Reward { get; set; }

    /// <summary>The observation the step led to.</summary>
    public float[] NextObservation { get; set; } = [];

    /// <summary>True when the next observation is terminal.</summary>
    public bool Terminated { get; set; }

    /// <summary>True when the episode was cut at the next observation.</summary>
    public bool Truncated { get; set; }
}

/// <summary>One evaluation of a run's agents.</summary>
public sealed class EvaluationRow
{
    /// <summary>The evaluation's id in the store.</summary>
    public long Id { get; set; }

    /// <summary>The training step of the evaluated networks.</summary>
    public long Step { get; set; }

    /// <summary>Episodes per agent.</summary>
    public int EpisodesPerAgent { get; set; }

    /// <summary>True when the agents acted with their modes.</summary>
    public bool Deterministic { get; set; }

    /// <summary>When it was made (ISO 8601, UTC).</summary>
    public string CreatedAt { get; set; } = string.Empty;

    /// <summary>False when it was interrupted before its last episode.</summary>
    public bool Complete { get; set; }
}

/// <summary>Returns of one agent over a set of episodes.</summary>
public sealed class AgentSummary
{
    /// <summary>The agent z.</summary>
    public int Agent { get; set; }

    /// <summary>The number of episodes.</summary>
    public int Episodes { get; set; }

    /// <summary>The mean return.</summary>
    public double MeanReturn { get; set; }

    /// <summary>The standard deviation of the returns (population).</summary>
    public double StdReturn { get; set; }

    /// <summary>The best return.</summary>
    public double MaxReturn { get; set; }

    /// <summary>The mean episode length.</summary>
    public double MeanLength { get; set; }

    /// <summary>The goal reached most often (MultiGoal), or -1.</summary>
    public int Goal { get; set; } = -1;

    /// <summary>The share of episodes that reached <see cref="Goal"/>.</summary>
    public double GoalRate { get; set; }

    /// <summary>How many episodes reached each goal (empty without goals).</summary>
    [NoColumn]
    public IReadOnlyList<int> GoalCounts { get; set; } = [];
}
