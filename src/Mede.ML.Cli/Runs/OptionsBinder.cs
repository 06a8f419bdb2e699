using System.Globalization;
using System.Reflection;
using Mede.ML.Training;

namespace Mede.ML.Cli.Runs;

/// <summary>Sets <see cref="TrainingConfiguration"/> properties from <c>Name=value</c> strings (the <c>--set</c> flag).</summary>
internal static class OptionsBinder
{
    private static readonly PropertyInfo[] s_properties = typeof(TrainingConfiguration)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.CanWrite)
        .OrderBy(p => p.Name, StringComparer.Ordinal)
        .ToArray();

    public static IReadOnlyList<string> Names => s_properties.Select(p => p.Name).ToArray();

    public static void Apply(TrainingConfiguration options, IEnumerable<string> assignments)
    {
        foreach (string assignment in assignments)
        {
            var (key, value) = Split(assignment, "--set");
            PropertyInfo property = s_properties.FirstOrDefault(p => string.Equals(p.Name, key, StringComparison.OrdinalIgnoreCase))
                ?? throw new UsageException($"--set {assignment}: '{key}' is not a trainer option. Valid options: {string.Join(", ", Names)}.");
            property.SetValue(options, Parse(property.PropertyType, value, $"--set {assignment}"));
        }
    }

    public static Dictionary<string, string> ParsePairs(IEnumerable<string> pairs, string flag)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string pair in pairs)
        {
            var (key, value) = Split(pair, flag);
            result[key] = value;
        }

        return result;
    }

    private static (string Key, string Value) Split(string assignment, string flag)
    {
        int equals = assignment.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new UsageException($"{flag} {assignment}: expected key=value.");
        }

        return (assignment[..equals].Trim(), assignment[(equals + 1)..].Trim());
    }

    private static object? Parse(Type type, string value, string where)
    {
        Type target = Nullable.GetUnderlyingType(type) ?? type;
        if (target != type && (value.Length == 0 || value.Equals("null", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        try
        {
            if (target.IsEnum)
            {
                // By name only: Enum.Parse also takes any number ("3"), which names no algorithm or mode.
                if (value.Length == 0 || char.IsDigit(value[0]) || value[0] is '-' or '+')
                {
                    throw new FormatException();
                }

                object parsed = Enum.Parse(target, value, ignoreCase: true);
                return Enum.IsDefined(target, parsed) ? parsed : throw new FormatException();
            }

            if (target == typeof(int[]))
            {
                return value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            }

            if (target == typeof(bool))
            {
                return bool.Parse(value);
            }

            object converted = Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
            if (converted is float f && !float.IsFinite(f) || converted is double d && !double.IsFinite(d))
            {
                throw new UsageException($"{where}: '{value}' is not a finite number; every trainer option must be.");
            }

            return converted;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException or InvalidCastException)
        {
            string expected = target.IsEnum ? "one of " + string.Join(", ", Enum.GetNames(target))
                : target == typeof(int[]) ? "comma-separated integers, e.g. 256,256"
                : target == typeof(int) ? $"a whole number from {int.MinValue} to {int.MaxValue}"
                : target == typeof(long) ? $"a whole number from {long.MinValue} to {long.MaxValue}"
                : target == typeof(float) || target == typeof(double) ? "a finite number, e.g. 0.001"
                : target == typeof(bool) ? "true or false"
                : "text";
            throw new UsageException($"{where}: '{value}' is not valid; expected {expected}.");
        }
    }
}
