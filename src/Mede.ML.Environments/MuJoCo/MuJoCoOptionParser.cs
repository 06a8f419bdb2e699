using System.Globalization;
using System.Reflection;

namespace Mede.ML.Environments.MuJoCo;

/// <summary>
/// Builds a MuJoCo task's options object from <c>key=value</c> strings (the CLI's <c>--env-option</c>): keys are
/// the options' property names, case-insensitive, with dashes allowed (<c>healthy-reward=0.5</c>); ranges are
/// given as <c>low,high</c>. Unknown keys and bad values fail with the valid keys listed.
/// </summary>
internal static class MuJoCoOptionParser
{
    public static T Parse<T>(string environment, IReadOnlyDictionary<string, string> options)
        where T : new()
    {
        var properties = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .ToDictionary(p => Normalize(p.Name), StringComparer.Ordinal);
        var result = new T();
        foreach (var (key, value) in options)
        {
            if (!properties.TryGetValue(Normalize(key), out PropertyInfo? property))
            {
                throw new ArgumentException(
                    $"Environment '{environment}': unknown option '{key}'. Valid options: {string.Join(", ", properties.Values.Select(p => Kebab(p.Name)).Order(StringComparer.Ordinal))}.");
            }

            try
            {
                property.SetValue(result, Convert(property.PropertyType, value));
            }
            catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
            {
                throw new ArgumentException(
                    $"Environment '{environment}': option '{key}' = '{value}' is not valid; expected {Describe(property.PropertyType)}.", e);
            }
        }

        return result;
    }

    private static object Convert(Type type, string value)
    {
        if (type == typeof((double, double)))
        {
            string[] parts = value.Split(',', StringSplitOptions.TrimEntries);
            if (parts.Length != 2)
            {
                throw new FormatException("a range needs two numbers");
            }

            return (double.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[1], CultureInfo.InvariantCulture));
        }

        if (type.IsEnum)
        {
            return Enum.Parse(type, value, ignoreCase: true);
        }

        return System.Convert.ChangeType(value, type, CultureInfo.InvariantCulture);
    }

    private static string Describe(Type type) =>
        type == typeof((double, double)) ? "a range low,high"
        : type.IsEnum ? "one of " + string.Join(", ", Enum.GetNames(type))
        : "a " + type.Name;

    private static string Normalize(string key) => key.Replace("-", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal).ToLowerInvariant();

    private static string Kebab(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
