using System.Collections.Concurrent;
using Mede.ML.Neural;
using Mede.ML.Training;

namespace Mede.ML.Algorithms;

/// <summary>
/// The one place a run's learner is created from <see cref="TrainingConfiguration.Backend"/>. The managed backend is
/// built in; the TorchSharp backend lives in the Mede.ML.TorchSharp assembly, which this factory loads by name the
/// first time it is asked for (Mede.ML never references it), or which an application registers itself.
/// </summary>
public static class LearnerFactory
{
    /// <summary>The assembly and type that provide <see cref="TrainingBackend.TorchSharp"/>.</summary>
    private const string TorchSharpProvider = "Mede.ML.TorchSharp.TorchSharpLearnerProvider, Mede.ML.TorchSharp";

    private static readonly ConcurrentDictionary<TrainingBackend, ILearnerProvider> s_providers = new();

    /// <summary>Registers (or replaces) the provider of a backend.</summary>
    /// <param name="backend">The backend.</param>
    /// <param name="provider">Creates its learners.</param>
    public static void Register(TrainingBackend backend, ILearnerProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        s_providers[backend] = provider;
    }

    /// <summary>Creates the learner of <paramref name="options"/>' backend.</summary>
    /// <param name="options">The run's options (validated by the caller).</param>
    /// <param name="observationSize">The observation length.</param>
    /// <param name="actionSize">The action length.</param>
    /// <param name="init">The stream the network sets are initialised from.</param>
    /// <param name="discriminators">The stream the discriminators are initialised from.</param>
    /// <exception cref="InvalidOperationException">The backend's package is not part of the application.</exception>
    public static ILearner Create(TrainingConfiguration options, int observationSize, int actionSize, Generator init, Generator discriminators)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Backend == TrainingBackend.Managed)
        {
            return new SoftActorCritic(options, observationSize, actionSize, init, discriminators);
        }

        return ProviderOf(options.Backend).Create(options, observationSize, actionSize, init, discriminators);
    }

    private static ILearnerProvider ProviderOf(TrainingBackend backend)
    {
        if (s_providers.TryGetValue(backend, out ILearnerProvider? provider))
        {
            return provider;
        }

        Type? type = null;
        try
        {
            type = Type.GetType(TorchSharpProvider, throwOnError: false);
        }
        catch (Exception e) when (e is FileLoadException or BadImageFormatException)
        {
            throw new InvalidOperationException($"The {backend} backend's assembly Mede.ML.TorchSharp could not be loaded: {e.Message}", e);
        }

        if (backend != TrainingBackend.TorchSharp || type is null || !typeof(ILearnerProvider).IsAssignableFrom(type))
        {
            throw new InvalidOperationException(
                $"The {backend} backend is not part of this application: add a reference to the Mede.ML.TorchSharp package " +
                "(and TorchSharp-cpu, or a TorchSharp CUDA package), or train with Backend = Managed.");
        }

        provider = (ILearnerProvider)Activator.CreateInstance(type)!;
        return s_providers.GetOrAdd(backend, provider);
    }
}
