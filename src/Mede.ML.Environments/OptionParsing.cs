using System.Globalization;

namespace Mede.ML.Environments;

/// <summary>
/// Shared parsing of <c>key=value</c> environment options (the CLI's <c>--env-option</c>): invariant-culture
/// numbers, and error messages that name the key, the bad value and what would be accepted.
/// </summary>
internal static class OptionParsing
{
    /// <summary>The user's options with keys trimmed and lower-cased and values trimmed; an unknown key (the
    /// message lists the valid ones) or a key given twice is rejected here, so each parser only converts values.</summary>
    public static IEnumerable<(string Key, string Value)> Normalize(string environment, IEnumerable<KeyValuePair<string, string>> options, IReadOnlyCollection<string> validKeys)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (rawKey, rawValue) in options)
        {
            string key = (rawKey ?? string.Empty).Trim().ToLowerInvariant();
            if (!validKeys.Contains(key))
            {
                throw UnknownKey(environment, rawKey ?? string.Empty, validKeys);
            }

            if (!seen.Add(key))
            {
                throw new ArgumentException($"{environment} option '{key}' is given more than once.");
            }

            yield return (key, (rawValue ?? string.Empty).Trim());
        }
    }

    public static float ParseFloat(string environment, string key, string value)
    {
        if (!float.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out float result) || !float.IsFinite(result))
        {
            throw new ArgumentException($"{environment} option '{key}': '{value}' is not a finite number (write e.g. {key}=1.5).");
        }

        return result;
    }

    public static int ParseInt(string environment, string key, string value)
    {
        if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int result))
        {
            throw new ArgumentException($"{environment} option '{key}': '{value}' is not a whole number (write e.g. {key}=30).");
        }

        return result;
    }

    public static bool ParseBool(string environment, string key, string value) =>
        value.Trim().ToLowerInvariant() switch
        {
            "true" => true,
            "false" => false,
            _ => throw new ArgumentException($"{environment} option '{key}': '{value}' is not valid; use true or false."),
        };

    public static InvalidActionHandling ParseInvalidActions(string environment, string key, string value) =>
        value.Trim().ToLowerInvariant() switch
        {
            "reject" => InvalidActionHandling.Reject,
            "clip" => InvalidActionHandling.Clip,
            _ => throw new ArgumentException($"{environment} option '{key}': '{value}' is not valid; use one of: reject, clip."),
        };

    public static ArgumentException UnknownKey(string environment, string key, IEnumerable<string> validKeys) =>
        new($"Unknown {environment} option '{key}'. Valid options: {string.Join(", ", validKeys)}.");
}
