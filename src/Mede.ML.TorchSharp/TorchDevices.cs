using Mede.ML.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Mede.ML.TorchSharp;

/// <summary>Turns <see cref="TrainingConfiguration.Device"/> into a TorchSharp device, failing at once (or falling back to
/// the CPU, when asked to) where the requested CUDA device does not exist.</summary>
public static class TorchDevices
{
    /// <summary>The device for <paramref name="device"/> (<c>cpu</c>, <c>cuda</c>, <c>cuda:N</c>).</summary>
    /// <param name="device">The requested device.</param>
    /// <param name="fallbackToCpu">Use the CPU when the CUDA device is missing, instead of throwing.</param>
    /// <param name="note">Null, or a sentence saying that training falls back to the CPU and why.</param>
    /// <exception cref="ArgumentException">The name is not cpu, cuda or cuda:N.</exception>
    /// <exception cref="InvalidOperationException">CUDA was requested, is not available, and fallback is off.</exception>
    public static Device Resolve(string device, bool fallbackToCpu, out string? note)
    {
        ArgumentNullException.ThrowIfNull(device);
        note = null;
        RequireLibTorch();
        if (device == "cpu")
        {
            return CPU;
        }

        if (!device.StartsWith("cuda", StringComparison.Ordinal) || (device.Length > 4 && (device[4] != ':' || !int.TryParse(device.AsSpan(5), out _))))
        {
            throw new ArgumentException($"Device '{device}' is not one of cpu, cuda or cuda:N.", nameof(device));
        }

        int index = device.Length > 4 ? int.Parse(device.AsSpan(5), System.Globalization.CultureInfo.InvariantCulture) : 0;
        int count = cuda.is_available() ? cuda.device_count() : 0;
        if (index < count)
        {
            return new Device(DeviceType.CUDA, index);
        }

        string why = count == 0
            ? "CUDA is not available here (this application carries TorchSharp's CPU build, or the machine has no NVIDIA GPU or driver)"
            : $"this machine has {count} CUDA device(s), numbered from 0";
        if (fallbackToCpu)
        {
            note = $"Device '{device}' was requested but {why}; training on the CPU instead (FallbackToCpu is on).";
            return CPU;
        }

        throw new InvalidOperationException(
            $"Device '{device}' was requested but {why}. Train with --device cpu, reference TorchSharp-cuda-linux (or " +
            "TorchSharp-cuda-windows) instead of TorchSharp-cpu on a machine with a GPU, or turn FallbackToCpu on to train on the CPU.");
    }

    /// <summary>Loads libtorch now, so that an application without it fails here with a message that says what to add.</summary>
    /// <exception cref="InvalidOperationException">libtorch (or TorchSharp's native shim) cannot be loaded.</exception>
    /// <param name="what">What needs it, as the message's subject.</param>
    public static void RequireLibTorch(string what = "The TorchSharp backend")
    {
        try
        {
            InitializeDeviceType(DeviceType.CPU);
        }
        catch (Exception e) when (e is NotSupportedException or DllNotFoundException or TypeInitializationException or EntryPointNotFoundException)
        {
            throw new InvalidOperationException(
                $"{what} needs libtorch, which this application could not load: reference TorchSharp-cpu (or a " +
                "TorchSharp CUDA package) beside Mede.ML.TorchSharp; from a clone, build mede with -p:MedeLibTorch=true. On " +
                "Debian 12 / Ubuntu 22.04 the Mede.ML.TorchSharp build step must have marked GLIBCXX_3.4.32 weak in the output's " +
                $"libLibTorchSharp.so (see its .targets file). TorchSharp said: {e.Message}", e);
        }
    }
}
