using System.Globalization;

namespace Mede.ML.Cli.Runs;

/// <summary>
/// One writer at a time in a run folder: an exclusive OS lock on <c>run.lock</c>, held for the whole of a writing
/// command (<c>mede train</c>, new or resumed) and released by the operating system when the process ends, however
/// it ends (a kill -9 leaves no stale lock). Readers (<c>evaluate</c>, <c>plot</c>, <c>report</c>) do not take it.
/// </summary>
/// <remarks>.NET opens a file shared with <see cref="FileShare.None"/> under <c>flock(LOCK_EX | LOCK_NB)</c> on Linux
/// and macOS and with a sharing mode of none on Windows, so a second opener fails at once, in this process or another.
/// Who holds the lock is written beside it, in <c>run.lock.owner</c>, because the locked file itself cannot be opened
/// by anyone else to be read.</remarks>
internal sealed class RunFolderLock : IDisposable
{
    public const string FileName = "run.lock";
    public const string OwnerFileName = "run.lock.owner";

    // Acquire tries this often, this far apart (200 ms in all), before it says another process holds the folder.
    private const int AcquireAttempts = 10;
    private static readonly TimeSpan s_acquireRetryDelay = TimeSpan.FromMilliseconds(20);

    private readonly FileStream _stream;
    private readonly string _ownerPath;

    private RunFolderLock(FileStream stream, string ownerPath)
    {
        _stream = stream;
        _ownerPath = ownerPath;
    }

    /// <summary>True for the files this lock keeps in a run folder (a folder holding only these is still empty).</summary>
    public static bool IsLockFile(string path) =>
        Path.GetFileName(path) is FileName or OwnerFileName || Path.GetFileName(path).StartsWith(OwnerFileName + ".", StringComparison.Ordinal);

    /// <summary>Takes the lock of <paramref name="folder"/> (which must exist) for this process.</summary>
    /// <param name="folder">The run folder.</param>
    /// <param name="command">What this process does there, for the message another process shows.</param>
    /// <exception cref="IOException">Another process holds the lock: the message names the folder and that process.</exception>
    public static RunFolderLock Acquire(string folder, string command)
    {
        string path = Path.Combine(folder, FileName);
        string ownerPath = Path.Combine(folder, OwnerFileName);
        FileStream stream;
        try
        {
            stream = OpenRetrying(path, FileMode.OpenOrCreate);
        }
        catch (IOException) when (File.Exists(path))
        {
            throw new IOException(
                $"The run folder {folder} is in use by {DescribeOwner(ownerPath)}; one process writes a run folder at a time. " +
                "Wait for it to finish or stop it (Ctrl-C in its terminal, or kill -INT with its process id), then try again. " +
                "mede evaluate, plot and report can read the folder meanwhile.");
        }

        var taken = new RunFolderLock(stream, ownerPath);
        try
        {
            string temporary = ownerPath + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
            File.WriteAllText(temporary, string.Create(CultureInfo.InvariantCulture,
                $"process {Environment.ProcessId} on {Environment.MachineName} ({command}, since {DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ssZ})"));
            File.Move(temporary, ownerPath, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Who holds the lock is a courtesy to the next process; the lock itself is what protects the folder.
        }

        return taken;
    }

    /// <summary>Who holds the lock of <paramref name="folder"/>, or null when nobody does (or the folder has no lock
    /// file). The test takes the lock for an instant when it is free; <see cref="Acquire"/> retries for longer than
    /// that, so asking never makes a starting writer fail.</summary>
    /// <param name="folder">The run folder.</param>
    /// <returns>A description of the holder for messages ("another mede process 123 on host (train, since ...)").</returns>
    public static string? Holder(string folder)
    {
        string path = Path.Combine(folder, FileName);
        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return null;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (IOException)
        {
            return DescribeOwner(Path.Combine(folder, OwnerFileName));
        }
    }

    public void Dispose()
    {
        try
        {
            File.Delete(_ownerPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        _stream.Dispose();
    }

    /// <summary>Opens the lock file exclusively, trying again for a short while: another process may hold it for an
    /// instant only (<see cref="Holder"/> asking), and a writer must not fail for that.</summary>
    private static FileStream OpenRetrying(string path, FileMode mode)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return new FileStream(path, mode, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException && attempt < AcquireAttempts)
            {
                Thread.Sleep(s_acquireRetryDelay);
            }
        }
    }

    private static string DescribeOwner(string ownerPath)
    {
        try
        {
            string owner = File.ReadAllText(ownerPath).Trim();
            return owner.Length == 0 ? "another process" : "another mede " + owner;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "another process (it has not said which yet)";
        }
    }
}
