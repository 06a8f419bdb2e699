namespace Mede.ML.Environments;

/// <summary>
/// Environments by name, for the command line and for configuration files: <c>multigoal</c>, <c>pendulum</c> and
/// the MuJoCo tasks <c>hopper</c>, <c>walker2d</c>, <c>ant</c>, <c>multidirection-ant</c> (the paper's) and
/// <c>multidirection-ant-v4</c> (the same reward idea on Ant-v4) are built in; other
/// assemblies add theirs with <see cref="Register"/>.
/// </summary>
/// <remarks>
/// A factory receives the <c>key=value</c> options given by the user (the CLI's <c>--env-option</c>) and must reject
/// unknown keys and bad values with an <see cref="ArgumentException"/> listing the valid ones, as
/// <see cref="MultiGoalOptions.Parse"/> does. Names are lower-case letters, digits and dashes, and are compared
/// case-insensitively. The registry is safe to use from several threads.
/// </remarks>
public static class EnvironmentRegistry
{
    private static readonly Lock s_lock = new();
    private static readonly Dictionary<string, Func<IReadOnlyDictionary<string, string>, IEnvironment>> s_factories = new(StringComparer.Ordinal)
    {
        [MultiGoal.EnvironmentName] = options => new MultiGoal(MultiGoalOptions.Parse(options)),
        [Pendulum.EnvironmentName] = options => new Pendulum(PendulumOptions.Parse(options)),
        ["hopper"] = options => new MuJoCo.Hopper(MuJoCo.MuJoCoOptionParser.Parse<MuJoCo.HopperOptions>("hopper", options)),
        ["walker2d"] = options => new MuJoCo.Walker2d(MuJoCo.MuJoCoOptionParser.Parse<MuJoCo.Walker2dOptions>("walker2d", options)),
        ["ant"] = options => new MuJoCo.Ant(MuJoCo.MuJoCoOptionParser.Parse<MuJoCo.AntOptions>("ant", options)),
        [MuJoCo.MultiDirectionAnt.EnvironmentName] = options => new MuJoCo.MultiDirectionAnt(MuJoCo.MuJoCoOptionParser.Parse<MuJoCo.MultiDirectionAntOptions>(MuJoCo.MultiDirectionAnt.EnvironmentName, options)),
        [MuJoCo.MultiDirectionAntV4.EnvironmentName] = options => new MuJoCo.MultiDirectionAntV4(MuJoCo.MuJoCoOptionParser.Parse<MuJoCo.MultiDirectionAntV4Options>(MuJoCo.MultiDirectionAntV4.EnvironmentName, options)),
    };

    private static readonly IReadOnlyDictionary<string, string> s_noOptions = new Dictionary<string, string>();

    /// <summary>The registered names, sorted.</summary>
    public static IReadOnlyList<string> Names
    {
        get
        {
            lock (s_lock)
            {
                return s_factories.Keys.Order(StringComparer.Ordinal).ToArray();
            }
        }
    }

    /// <summary>True when <paramref name="name"/> is registered.</summary>
    public static bool Contains(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        lock (s_lock)
        {
            return s_factories.ContainsKey(Normalize(name));
        }
    }

    /// <summary>Adds an environment.</summary>
    /// <param name="name">Lower-case letters, digits and dashes, e.g. <c>multidirection-ant</c>.</param>
    /// <param name="factory">Makes a fresh environment from the user's options.</param>
    /// <exception cref="ArgumentException">The name is malformed.</exception>
    /// <exception cref="InvalidOperationException">The name is already registered.</exception>
    public static void Register(string name, Func<IReadOnlyDictionary<string, string>, IEnvironment> factory)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(factory);
        string key = Normalize(name);
        if (key.Length == 0 || !key.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
        {
            throw new ArgumentException($"Environment name '{name}' is invalid; use lower-case letters, digits and dashes (e.g. 'multidirection-ant').", nameof(name));
        }

        lock (s_lock)
        {
            if (!s_factories.TryAdd(key, factory))
            {
                throw new InvalidOperationException($"An environment named '{key}' is already registered; register each name once.");
            }
        }
    }

    /// <summary>Creates the environment registered as <paramref name="name"/>.</summary>
    /// <param name="name">A registered name (case-insensitive).</param>
    /// <param name="options">The user's <c>key=value</c> options; null for the defaults.</param>
    /// <exception cref="ArgumentException">The name is unknown (the message lists the registered ones), or the
    /// factory rejected the options.</exception>
    public static IEnvironment Create(string name, IReadOnlyDictionary<string, string>? options = null) =>
        Lookup(name)(options ?? s_noOptions);

    /// <summary>A factory for fresh copies of <paramref name="name"/> with fixed options, for
    /// <see cref="VectorEnvironment"/> and <see cref="Checking.EnvironmentChecker"/>. The name is resolved now;
    /// the options are checked by each call.</summary>
    /// <exception cref="ArgumentException">The name is unknown (the message lists the registered ones).</exception>
    public static Func<IEnvironment> Factory(string name, IReadOnlyDictionary<string, string>? options = null)
    {
        var factory = Lookup(name);
        // Copy the options so that later changes by the caller do not change the copies made.
        var fixedOptions = options is null ? s_noOptions : new Dictionary<string, string>(options);
        return () => factory(fixedOptions);
    }

    private static Func<IReadOnlyDictionary<string, string>, IEnvironment> Lookup(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        lock (s_lock)
        {
            if (s_factories.TryGetValue(Normalize(name), out var factory))
            {
                return factory;
            }

            throw new ArgumentException(
                $"Unknown environment '{name}'. Registered environments: {string.Join(", ", s_factories.Keys.Order(StringComparer.Ordinal))}.",
                nameof(name));
        }
    }

    private static string Normalize(string name) => name.Trim().ToLowerInvariant();
}
