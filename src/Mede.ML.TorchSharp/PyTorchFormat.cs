namespace Mede.ML.TorchSharp;

/// <summary>The file formats <see cref="PyTorchInterchange"/> reads and writes.</summary>
public enum PyTorchFormat
{
    /// <summary>A PyTorch state_dict as <c>torch.save</c> writes it (a zip of a pickle and the tensors); <c>torch.load</c> reads it.</summary>
    PyTorch = 0,

    /// <summary>A safetensors file (Hugging Face's format: a JSON header and raw little-endian tensors).</summary>
    Safetensors = 1,
}
