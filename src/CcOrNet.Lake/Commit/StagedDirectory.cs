using CcOrNet.Lake.FileSystem;
using CcOrNet.Lake.Retries;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;

namespace CcOrNet.Lake.Commit;

/// <summary>
/// Writes a whole output folder out of sight, then publishes it with renames so that a reader sees
/// either the previous folder or the complete new one, never a half-written one.
/// </summary>
/// <remarks>
/// The staging folder is a hidden folder (name starting with <c>.</c>) in the target's parent, or in
/// <c>hiddenIn</c> when given (e.g. the table's parent, so that nothing appears inside the table at all); it must be
/// on the same file system so the renames are atomic. Commit moves the previous target aside, moves the staging folder
/// in and deletes the previous one; if the second move fails, the previous target is moved back. Disposing without
/// <see cref="Commit"/> deletes the staging folder and leaves the target untouched: a failed job leaves no partial output.
/// A killed job cannot clean up, so hidden folders carry their writer (<c>.NAME.staging-PID@HOST-GUID</c>), and the next
/// <see cref="Create(string, ILakeFileSystem, string?, ResiliencePipeline, ILogger)"/> for the same target deletes those
/// whose process is gone on this host; the ones it cannot judge (another host, a live process) are named in a warning.
/// </remarks>
public sealed class StagedDirectory : IDisposable
{
    private readonly ILakeFileSystem _files;
    private readonly ResiliencePipeline _io;
    private readonly ILogger _logger;
    private readonly string _hiddenIn;
    private readonly string _hiddenName;
    private bool _committed;

    private StagedDirectory(string target, string hiddenIn, string hiddenName, ILakeFileSystem files, ResiliencePipeline io, ILogger logger)
    {
        TargetPath = target;
        _hiddenIn = hiddenIn;
        _hiddenName = hiddenName;
        StagingPath = HiddenPath("staging");
        _files = files;
        _io = io;
        _logger = logger;
    }

    /// <summary>Where the output appears on commit.</summary>
    public string TargetPath { get; }

    /// <summary>Where the job writes until it commits.</summary>
    public string StagingPath { get; }

    /// <summary>Creates an empty staging folder next to <paramref name="target"/> on the local file system.</summary>
    public static StagedDirectory Create(string target, ILogger? logger = null) =>
        Create(target, LocalFileSystem.Instance, hiddenIn: null, ResiliencePipeline.Empty, logger ?? NullLogger.Instance);

    /// <summary>
    /// Creates an empty staging folder in <paramref name="hiddenIn"/> (default: the target's parent) through
    /// <paramref name="files"/>; every file-system step runs through <paramref name="io"/> (retries).
    /// </summary>
    public static StagedDirectory Create(string target, ILakeFileSystem files, string? hiddenIn, ResiliencePipeline io, ILogger logger)
    {
        string full = Path.GetFullPath(target).TrimEnd(Path.DirectorySeparatorChar);
        string parent = Path.GetDirectoryName(full) ?? throw new ArgumentException($"'{target}' has no parent folder", nameof(target));
        string hidden = hiddenIn is null ? parent : Path.GetFullPath(hiddenIn).TrimEnd(Path.DirectorySeparatorChar);
        string relative = Path.GetRelativePath(hidden, full);
        if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
            throw new ArgumentException($"The staging folder's parent '{hidden}' must contain the target '{full}'", nameof(hiddenIn));
        var staged = new StagedDirectory(full, hidden, relative.Replace(Path.DirectorySeparatorChar, '.'), files, io, logger);
        staged.SweepAbandoned();
        io.Run($"create {staged.StagingPath}", () => files.CreateDirectory(staged.StagingPath));
        return staged;
    }

    /// <summary>Replaces the target with the staged folder.</summary>
    public void Commit()
    {
        if (_committed) throw new InvalidOperationException($"{TargetPath} is already committed");
        _io.Run($"create {Path.GetDirectoryName(TargetPath)}", () => _files.CreateDirectory(Path.GetDirectoryName(TargetPath)!));
        string? retired = null;
        if (_files.DirectoryExists(TargetPath))
        {
            retired = HiddenPath("retired");
            _io.Run($"move {TargetPath} aside", () => MoveOnce(TargetPath, retired));
        }
        try
        {
            _io.Run($"publish {TargetPath}", () => MoveOnce(StagingPath, TargetPath));
        }
        catch when (retired is not null)
        {
            _io.Run($"restore {TargetPath}", () => MoveOnce(retired, TargetPath));
            throw;
        }
        _committed = true;
        if (retired is not null) DeleteQuietly(retired, "previous version");
    }

    public void Dispose()
    {
        if (!_committed) DeleteQuietly(StagingPath, "staging folder");
    }

    private static readonly string Owner = $"{Environment.ProcessId}@{Environment.MachineName}";

    private string HiddenPrefix(string role) => $".{_hiddenName}.{role}-";

    private string HiddenPath(string role) => Path.Combine(_hiddenIn, $"{HiddenPrefix(role)}{Owner}-{Guid.NewGuid():N}");

    /// <summary>
    /// Deletes this target's hidden folders left by a process of this host that has ended (killed mid-write, or between
    /// the two renames of a commit while the target still exists) and warns about the others, which may be in use.
    /// </summary>
    private void SweepAbandoned()
    {
        bool targetExists = _files.DirectoryExists(TargetPath);
        foreach (string role in (string[])["staging", "retired"])
        {
            foreach (string folder in _files.DirectoriesStartingWith(_hiddenIn, HiddenPrefix(role)))
            {
                var (pid, host) = WriterOf(Path.GetFileName(folder)[HiddenPrefix(role).Length..]);
                if (pid == Environment.ProcessId && host == Environment.MachineName) continue;
                bool ended = host == Environment.MachineName && pid is { } id && !IsRunning(id);
                // A retired folder without its target is the previous version itself (killed between the renames): keep it.
                if (ended && (role == "staging" || targetExists))
                {
                    _logger.LogInformation("Deleting {Folder}, left by process {Pid} of this host, which ended before it finished writing {Target}", folder, pid, TargetPath);
                    DeleteQuietly(folder, $"abandoned {role} folder");
                }
                else
                {
                    _logger.LogWarning("{Folder} is a hidden {Role} folder of {Target} left by {Writer}, which may still be running; " +
                        "delete it by hand if no job is writing {Target}", folder, role, TargetPath, host is null ? "an unknown process" : $"process {pid} on {host}", TargetPath);
                }
            }
        }
    }

    /// <summary>The writer in a hidden folder's name after its prefix, "PID@HOST-GUID"; nulls when the name has no writer.</summary>
    private static (int? Pid, string? Host) WriterOf(string rest)
    {
        int at = rest.IndexOf('@'), dash = rest.LastIndexOf('-');
        if (at <= 0 || dash <= at || !int.TryParse(rest[..at], out int pid)) return (null, null);
        return (pid, rest[(at + 1)..dash]);
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    // Idempotent under retries: a rename that happened before its error was reported counts as done.
    private void MoveOnce(string source, string destination)
    {
        if (!_files.DirectoryExists(source) && _files.DirectoryExists(destination)) return;
        _files.MoveDirectory(source, destination);
    }

    // Leftovers are hidden from readers, so failing to delete them must not fail (or mask the error of) the job.
    private void DeleteQuietly(string path, string what)
    {
        try
        {
            _io.Run($"delete {path}", () => { if (_files.DirectoryExists(path)) _files.DeleteDirectory(path); });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning("Could not delete the hidden {What} '{Path}' ({Error}); it is invisible to readers and safe to delete by hand", what, path, e.Message);
        }
    }
}
