using Mede.ML.Algorithms;
using Mede.ML.Neural;
using Mede.ML.Training;

namespace Mede.ML.TorchSharp;

/// <summary>
/// Provides <see cref="TrainingBackend.TorchSharp"/> to Mede.ML's <see cref="LearnerFactory"/>, which finds this type by
/// name when a run asks for the TorchSharp backend (Mede.ML does not reference this assembly).
/// </summary>
public sealed class TorchSharpLearnerProvider : ILearnerProvider
{
    /// <inheritdoc />
    public ILearner Create(TrainingConfiguration options, int observationSize, int actionSize, Generator init, Generator discriminators) =>
        new TorchSharpLearner(options, observationSize, actionSize, init, discriminators);
}
