using Mede.ML.Neural;
using Mede.ML.Training;

namespace Mede.ML.Algorithms;

/// <summary>
/// Creates the learner of one <see cref="TrainingBackend"/>. Mede.ML provides the managed one; an add-on package
/// (Mede.ML.TorchSharp) provides another without Mede.ML referencing it (see <see cref="LearnerFactory"/>).
/// </summary>
public interface ILearnerProvider
{
    /// <summary>Creates the networks, optimisers and noise streams of a learner.</summary>
    /// <param name="options">The run's options (validated by the caller).</param>
    /// <param name="observationSize">The observation length.</param>
    /// <param name="actionSize">The action length.</param>
    /// <param name="init">The stream the network sets are initialised from (set i from its i-th fork).</param>
    /// <param name="discriminators">The stream the discriminators are initialised from.</param>
    ILearner Create(TrainingConfiguration options, int observationSize, int actionSize, Generator init, Generator discriminators);
}
