using System.CommandLine;
using System.CommandLine.Parsing;

namespace Mede.ML.Cli;

/// <summary>The verbs of the <c>mede</c> command; each verb lives in its own file under Commands/.</summary>
internal static class Verbs
{
    public static IEnumerable<Command> All()
    {
        yield return Commands.TrainCommand.Create();
        yield return Commands.SweepCommand.Create();
        yield return Commands.EvaluateCommand.Create();
        yield return Commands.PlotCommand.Create();
        yield return Commands.ReportCommand.Create();
        yield return Commands.DiversityCommand.Create();
        yield return Commands.BenchCommand.Create();
        yield return Commands.ExportCommand.Create();
        yield return Commands.TheoryCommand.Create();
    }

    /// <summary>Parses and runs a command line. A value that does not parse is reported in words a user knows
    /// ("a whole number from ... to ...", the valid names of a choice) instead of System.CommandLine's .NET type names,
    /// with exit code 2 like every other usage mistake.</summary>
    public static int Invoke(string[] args, InvocationConfiguration configuration)
    {
        var root = new RootCommand("mede: learn diverse, high-performing policies with MEDE, DIAYN and SAC.");
        foreach (Command command in All())
        {
            root.Subcommands.Add(command);
        }

        ParseResult parse = root.Parse(args);
        if (parse.Errors.Count > 0 && parse.Errors.All(e => e.SymbolResult is OptionResult or ArgumentResult))
        {
            foreach (ParseError error in parse.Errors)
            {
                configuration.Error.WriteLine("error: " + Describe(error));
            }

            return 2;
        }

        return parse.Invoke(configuration);
    }

    private static string Describe(ParseError error)
    {
        (string name, Type? type, string? token) = error.SymbolResult switch
        {
            OptionResult option => (option.Option.Name, option.Option.ValueType, option.Tokens.FirstOrDefault()?.Value),
            ArgumentResult argument => (argument.Argument.Name, argument.Argument.ValueType, argument.Tokens.FirstOrDefault()?.Value),
            _ => (string.Empty, null, null),
        };
        if (type is null || token is null || !error.Message.StartsWith("Cannot parse argument", StringComparison.Ordinal))
        {
            return error.Message;
        }

        return $"{name} {token}: expected {Expected(type)}.";
    }

    /// <summary>What a value of <paramref name="type"/> looks like, in words.</summary>
    public static string Expected(Type type)
    {
        Type target = Nullable.GetUnderlyingType(type) ?? (type.IsArray ? type.GetElementType()! : type);
        string expected = target switch
        {
            _ when target == typeof(int) => $"a whole number from {int.MinValue} to {int.MaxValue}",
            _ when target == typeof(long) => $"a whole number from {long.MinValue} to {long.MaxValue}",
            _ when target == typeof(float) || target == typeof(double) => "a number, e.g. 0.5",
            _ when target == typeof(bool) => "true or false",
            _ when target.IsEnum => "one of " + string.Join(", ", Enum.GetNames(target).Select(n => n.ToLowerInvariant())),
            _ => "a value",
        };
        return type.IsArray ? expected + " (repeatable)" : expected;
    }
}
