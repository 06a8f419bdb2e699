using System.Globalization;
using System.Text.Json;

namespace Mede.ML.Analysis.Theory;

/// <summary>
/// A finite Markov decision process (S, A, P, r, gamma, rho) small enough that every quantity in the MEDE
/// paper can be computed exactly: transition tensor P(s'|s,a), expected reward r(s,a), discount gamma and start
/// distribution rho. Immutable; all numbers are doubles.
/// </summary>
/// <remarks>
/// <para>Validation follows the paper's definition (Section 2): every row P(.|s,a) is a probability distribution,
/// or all zeros (a terminal transition: the episode ends after action a in state s and nothing after it counts,
/// as when a goal ends an episode), rewards are finite, gamma lies in (0, 1) and rho is a distribution. Errors name the state and action, in the
/// same notation as the JSON file format (<c>transitions[s][a]</c>, <c>rewards[s][a]</c>, <c>start[s]</c>).</para>
/// <para>JSON file format (<see cref="FromJson"/>):
/// <c>{"gamma": g, "start": [rho_s], "transitions": [s][a][s'], "rewards": [s][a]}</c>.</para>
/// </remarks>
public sealed class TabularMdp
{
    /// <summary>How far a probability row may be from summing to one.</summary>
    public const double ProbabilityTolerance = 1e-9;

    private readonly double[] _transitions; // [(s * A + a) * S + s']
    private readonly double[] _rewards;     // [s * A + a]
    private readonly double[] _start;

    /// <summary>Creates and validates an MDP.</summary>
    /// <param name="transitions">P(s'|s,a), indexed [s, a, s'].</param>
    /// <param name="rewards">Expected reward r(s,a), indexed [s, a].</param>
    /// <param name="gamma">Discount factor, strictly between 0 and 1.</param>
    /// <param name="start">Start distribution rho(s).</param>
    /// <exception cref="ArgumentException">A shape mismatch or an invalid entry; the message names state and action.</exception>
    public TabularMdp(double[,,] transitions, double[,] rewards, double gamma, double[] start)
    {
        ArgumentNullException.ThrowIfNull(transitions);
        ArgumentNullException.ThrowIfNull(rewards);
        ArgumentNullException.ThrowIfNull(start);
        int states = transitions.GetLength(0);
        int actions = transitions.GetLength(1);
        if (states == 0 || actions == 0)
        {
            throw new ArgumentException("An MDP needs at least one state and one action.", nameof(transitions));
        }
        if (transitions.GetLength(2) != states)
        {
            throw new ArgumentException(
                $"transitions has {transitions.GetLength(2)} next-state entries per (s, a) but {states} states; the shape must be [S, A, S].",
                nameof(transitions));
        }
        if (rewards.GetLength(0) != states || rewards.GetLength(1) != actions)
        {
            throw new ArgumentException(
                $"rewards has shape [{rewards.GetLength(0)}, {rewards.GetLength(1)}]; expected [{states}, {actions}] to match transitions.",
                nameof(rewards));
        }
        if (start.Length != states)
        {
            throw new ArgumentException($"start has {start.Length} entries; expected {states} (one per state).", nameof(start));
        }
        if (!(gamma > 0 && gamma < 1))
        {
            throw new ArgumentException(
                $"gamma = {Format(gamma)} is outside (0, 1); the discounted values the theorems use need 0 < gamma < 1.",
                nameof(gamma));
        }

        StateCount = states;
        ActionCount = actions;
        Gamma = gamma;
        _transitions = new double[states * actions * states];
        _rewards = new double[states * actions];
        _start = (double[])start.Clone();
        for (int s = 0; s < states; s++)
        {
            for (int a = 0; a < actions; a++)
            {
                double r = rewards[s, a];
                if (!double.IsFinite(r))
                {
                    throw new ArgumentException(
                        $"rewards[{s}][{a}] (state {s}, action {a}) is {Format(r)}; rewards must be finite.", nameof(rewards));
                }
                _rewards[(s * actions) + a] = r;
                double sum = 0;
                for (int next = 0; next < states; next++)
                {
                    double p = transitions[s, a, next];
                    if (!(p >= 0 && p <= 1))
                    {
                        throw new ArgumentException(
                            $"transitions[{s}][{a}][{next}] = P(s'={next} | state {s}, action {a}) is {Format(p)}; probabilities must lie in [0, 1].",
                            nameof(transitions));
                    }
                    _transitions[(((s * actions) + a) * states) + next] = p;
                    sum += p;
                }
                if (Math.Abs(sum - 1) > ProbabilityTolerance && sum != 0)
                {
                    throw new ArgumentException(
                        $"transitions[{s}][{a}] (state {s}, action {a}) sums to {Format(sum)}; each row P(.|s,a) must sum to 1 (or be all zeros: terminal).",
                        nameof(transitions));
                }
            }
        }
        double startSum = 0;
        for (int s = 0; s < states; s++)
        {
            if (!(start[s] >= 0 && start[s] <= 1))
            {
                throw new ArgumentException($"start[{s}] (state {s}) is {Format(start[s])}; probabilities must lie in [0, 1].", nameof(start));
            }
            startSum += start[s];
        }
        if (Math.Abs(startSum - 1) > ProbabilityTolerance)
        {
            throw new ArgumentException($"start sums to {Format(startSum)}; the start distribution rho must sum to 1.", nameof(start));
        }
    }

    /// <summary>Number of states S.</summary>
    public int StateCount { get; }

    /// <summary>Number of actions A (the same in every state).</summary>
    public int ActionCount { get; }

    /// <summary>Discount factor gamma in (0, 1).</summary>
    public double Gamma { get; }

    /// <summary>P(s'|s,a).</summary>
    public double Transition(int state, int action, int nextState) =>
        _transitions[(((state * ActionCount) + action) * StateCount) + nextState];

    /// <summary>The row P(.|s,a) over next states.</summary>
    public ReadOnlySpan<double> TransitionRow(int state, int action) =>
        _transitions.AsSpan(((state * ActionCount) + action) * StateCount, StateCount);

    /// <summary>Expected reward r(s,a).</summary>
    public double Reward(int state, int action) => _rewards[(state * ActionCount) + action];

    /// <summary>Start probability rho(s).</summary>
    public double Start(int state) => _start[state];

    /// <summary>Rewards as a fresh [S, A] array.</summary>
    public double[,] RewardMatrix()
    {
        var r = new double[StateCount, ActionCount];
        for (int s = 0; s < StateCount; s++)
        {
            for (int a = 0; a < ActionCount; a++)
            {
                r[s, a] = Reward(s, a);
            }
        }
        return r;
    }

    /// <summary>
    /// Reads an MDP from JSON text of the form <c>{"gamma": g, "start": [rho_s], "transitions": [s][a][s'],
    /// "rewards": [s][a]}</c>.
    /// </summary>
    /// <exception cref="FormatException">The text is not such an object; the message names the field and index.</exception>
    public static TabularMdp FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"The MDP file is not valid JSON: {e.Message}", e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"The MDP file must hold one JSON object with gamma, start, transitions and rewards; found {root.ValueKind}.");
            }
            double gamma = ReadNumber(Field(root, "gamma"), "gamma");
            double[] start = ReadVector(Field(root, "start"), "start", expectedLength: null);
            int states = start.Length;
            var transitionsElement = Field(root, "transitions");
            var rewardsElement = Field(root, "rewards");
            ExpectArray(transitionsElement, "transitions", states);
            ExpectArray(rewardsElement, "rewards", states);

            int actions = -1;
            double[,,]? transitions = null;
            double[,]? rewards = null;
            for (int s = 0; s < states; s++)
            {
                var rowElement = transitionsElement[s];
                string rowName = $"transitions[{s}]";
                if (rowElement.ValueKind != JsonValueKind.Array)
                {
                    throw new FormatException($"{rowName} must be an array with one entry per action; found {rowElement.ValueKind}.");
                }
                if (actions < 0)
                {
                    actions = rowElement.GetArrayLength();
                    if (actions == 0)
                    {
                        throw new FormatException($"{rowName} is empty; every state needs at least one action.");
                    }
                    transitions = new double[states, actions, states];
                    rewards = new double[states, actions];
                }
                ExpectArray(rowElement, rowName, actions);
                for (int a = 0; a < actions; a++)
                {
                    double[] row = ReadVector(rowElement[a], $"transitions[{s}][{a}]", states);
                    for (int next = 0; next < states; next++)
                    {
                        transitions![s, a, next] = row[next];
                    }
                }
                double[] rewardRow = ReadVector(rewardsElement[s], $"rewards[{s}]", actions);
                for (int a = 0; a < actions; a++)
                {
                    rewards![s, a] = rewardRow[a];
                }
            }
            if (transitions is null || rewards is null)
            {
                throw new FormatException("start is empty; the MDP needs at least one state.");
            }
            try
            {
                return new TabularMdp(transitions, rewards, gamma, start);
            }
            catch (ArgumentException e)
            {
                throw new FormatException(e.Message, e);
            }
        }
    }

    /// <summary>Reads an MDP from a JSON file; see <see cref="FromJson"/> for the format.</summary>
    /// <exception cref="FormatException">The file is malformed; the message names the file, field and index.</exception>
    public static TabularMdp Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text = File.ReadAllText(path);
        try
        {
            return FromJson(text);
        }
        catch (FormatException e)
        {
            throw new FormatException($"{path}: {e.Message}", e);
        }
    }

    private static JsonElement Field(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var element))
        {
            throw new FormatException($"The MDP file has no \"{name}\" field; it needs gamma, start, transitions and rewards.");
        }
        return element;
    }

    private static void ExpectArray(JsonElement element, string name, int expectedLength)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"{name} must be an array; found {element.ValueKind}.");
        }
        if (element.GetArrayLength() != expectedLength)
        {
            throw new FormatException($"{name} has {element.GetArrayLength()} entries; expected {expectedLength}.");
        }
    }

    private static double[] ReadVector(JsonElement element, string name, int? expectedLength)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"{name} must be an array of numbers; found {element.ValueKind}.");
        }
        int length = element.GetArrayLength();
        if (expectedLength is int expected && length != expected)
        {
            throw new FormatException($"{name} has {length} entries; expected {expected}.");
        }
        var values = new double[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = ReadNumber(element[i], $"{name}[{i}]");
        }
        return values;
    }

    private static double ReadNumber(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetDouble(out double value))
        {
            throw new FormatException($"{name} must be a number; found {element.ValueKind}.");
        }
        return value;
    }

    private static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
