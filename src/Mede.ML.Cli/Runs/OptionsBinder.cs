using System.Globalization;
using System.Reflection;

namespace Mede.ML.Cli.Runs;

/// <summary>Sets <see cref="MedeTrainer.Options"/> properties from <c>Name=value</c> strings (the <c>--set</c> flag).</summary>
internal static class OptionsBinder
{
    private static readonly PropertyInfo[] s_properties = typeof(MedeTrainer.Options)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.CanWrite)
        .OrderBy(p => p.Name, StringComparer.Ordinal)
        .ToArray();

    public static IReadOnlyList<string> Names => s_properties.Select(p => p.Name).ToArray();

    public static void Apply(MedeTrainer.Options options, IEnumerable<string> assignments)
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
                return Enum.Parse(target, value, ignoreCase: true);
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

            return Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException or InvalidCastException)
        {
            string expected = target.IsEnum ? "one of " + string.Join(", ", Enum.GetNames(target))
                : target == typeof(int[]) ? "comma-separated integers, e.g. 256,256"
                : "a " + target.Name;
            throw new UsageException($"{where}: '{value}' is not valid; expected {expected}.");
        }
    }
}
