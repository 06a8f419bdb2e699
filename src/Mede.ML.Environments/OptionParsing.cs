using System.Globalization;

namespace Mede.ML.Environments;

/// <summary>
/// Shared parsing of <c>key=value</c> environment options (the CLI's <c>--env-option</c>): invariant-culture
/// numbers, and error messages that name the key, the bad value and what would be accepted.
/// </summary>
internal static class OptionParsing
{
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
