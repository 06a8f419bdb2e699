// Linked into the test projects that check the refusal of a CUDA device the machine lacks: the device they ask for is
// always one this machine does not have, so those tests run everywhere instead of skipping where there is CUDA.
namespace Mede.ML.Testing;

internal static class MissingCudaDevice
{
    /// <summary>A CUDA device name this machine does not have (<c>cuda</c> without CUDA, <c>cuda:N</c> with N devices),
    /// and the words the refusal uses for it.</summary>
    public static (string Device, string Absent) Get()
    {
        int count = global::TorchSharp.torch.cuda.is_available() ? global::TorchSharp.torch.cuda.device_count() : 0;
        return count == 0 ? ("cuda", "CUDA is not available") : ($"cuda:{count}", $"this machine has {count} CUDA device(s)");
    }
}
