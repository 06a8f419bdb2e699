using System.Runtime.InteropServices;

namespace Mede.ML.Cli.Runs;

/// <summary>
/// Ctrl-C (SIGINT) and SIGTERM during training: the first asks training to stop at the end of its round, which writes
/// a checkpoint, flushes the run store and logs how to resume; a second one aborts at once (the operating system's
/// default action), for a user who does not want to wait. Outside <see cref="Graceful"/> the signals act as usual.
/// </summary>
internal sealed class StopSignal : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly PosixSignalRegistration[] _registrations;
    /// <summary>A signal this soon after the first is taken as the same request, not a second one.</summary>
    private const long RepeatWindowMilliseconds = 500;

    private int _received;
    private long _first;

    public StopSignal(CancellationToken outer)
    {
        _source = CancellationTokenSource.CreateLinkedTokenSource(outer);
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle),
        ];
    }

    /// <summary>Cancelled by the first signal.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>While true (during training) the first signal stops gracefully; afterwards a signal ends the process.</summary>
    public bool Graceful { get; set; } = true;

    /// <summary>The name of the signal that stopped training, or null.</summary>
    public string? Received { get; private set; }

    public void Dispose()
    {
        foreach (PosixSignalRegistration registration in _registrations)
        {
            registration.Dispose();
        }

        _source.Dispose();
    }

    private void Handle(PosixSignalContext context)
    {
        long now = Environment.TickCount64;
        if (Graceful && Interlocked.CompareExchange(ref _first, now, 0) is long first && first != 0 && now - first < RepeatWindowMilliseconds)
        {
            // The same stop delivered twice: coreutils' timeout signals the command and then its whole process group
            // (measured: SIGTERM from `timeout -s TERM` aborted the run). Only a later signal is a second request.
            context.Cancel = true;
            return;
        }

        if (!Graceful || Interlocked.Increment(ref _received) > 1)
        {
            // The default action: the process ends now (exit status 130 for SIGINT, 143 for SIGTERM).
            context.Cancel = false;
            return;
        }

        context.Cancel = true;
        Received = context.Signal == PosixSignal.SIGINT ? "SIGINT (Ctrl-C)" : "SIGTERM";
        Console.Error.WriteLine($"{Received}: stopping after this round and writing a checkpoint; send it again to abort at once.");
        _source.Cancel();
    }
}
