namespace Mede.ML.Algorithms;

/// <summary>The tensor library that computes a learner's networks and updates (the training loop is the same for both).</summary>
public enum TrainingBackend
{
    /// <summary>Mede.ML's own engine (Mede.ML.Neural): CPU only, no native download, the fastest on CPUs measured here.</summary>
    Managed = 0,

    /// <summary>TorchSharp (libtorch), from the Mede.ML.TorchSharp package: CPU or a CUDA device, PyTorch interchange.</summary>
    TorchSharp = 1,
}
