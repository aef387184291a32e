using CcOrNet.Core.Schema;
using CcOrNet.Lake.Commit;
using CcOrNet.Lake.FileSystem;
using CcOrNet.Lake.Retries;
using Microsoft.Extensions.Logging;
using Polly;

namespace CcOrNet.Lake.Partitions;

/// <summary>
/// Writes one partition of a partitioned table (e.g. <c>predictions/dt=2025-07-01</c>) so that readers see the whole
/// partition or none: files go to a hidden staging folder next to the table, <c>_SUCCESS</c> is written last, then the
/// folder is published by rename, replacing any previous version of the partition.
/// </summary>
/// <remarks>
/// The staging folder is <c>TABLE_PARENT/.TABLE.PARTITION.staging-GUID</c>: outside the table folder, so globbing
/// readers (Spark, DuckDB, Hive) cannot list it, and dot-prefixed, so readers of the parent skip it too. Each file is
/// written by a callback that is run again from scratch (after deleting the partial file) when a transient I/O error
/// occurs; permanent errors, exhausted retries and cancellation propagate. Disposing without <see cref="CommitAsync"/>
/// deletes the staging folder; the previous partition is never touched before commit. Several files may be written at
/// once (e.g. one per scoring worker); commit after they have all finished.
/// </remarks>
public sealed class PartitionWriter : IAsyncDisposable
{
    /// <summary>Marker file written last into a complete partition (Hadoop/Spark convention; the BI contract names it).</summary>
    public const string SuccessMarker = PredictionColumns.SuccessMarker;

    private readonly StagedDirectory _staged;
    private readonly ILakeFileSystem _files;
    private readonly ResiliencePipeline _io;
    private readonly SortedSet<string> _written = new(StringComparer.Ordinal);
    private readonly HashSet<string> _claimed = [];
    private bool _committed;

    private PartitionWriter(StagedDirectory staged, ILakeFileSystem files, ResiliencePipeline io)
    {
        _staged = staged;
        _files = files;
        _io = io;
    }

    /// <summary>The partition folder that appears on commit.</summary>
    public string PartitionPath => _staged.TargetPath;

    /// <summary>The hidden folder the files are written to until commit.</summary>
    public string StagingPath => _staged.StagingPath;

    /// <summary>Data files written so far, in ordinal name order.</summary>
    public IReadOnlyList<string> Files
    {
        get
        {
            lock (_written) return _written.ToArray();
        }
    }

    /// <summary>Starts a new version of partition <paramref name="partition"/> (a folder name like <c>dt=2025-07-01</c>) of <paramref name="tableDirectory"/>.</summary>
    public static PartitionWriter Create(string tableDirectory, string partition, ILogger logger, PartitionWriterOptions? options = null)
    {
        options ??= new PartitionWriterOptions();
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(tableDirectory)) problems.Add("table directory is required");
        if (!IsPlainName(partition)) problems.Add($"partition must be one folder name like 'dt=2025-07-01', got '{partition}'");
        problems.AddRange(options.Problems());
        if (problems.Count > 0) throw new ArgumentException("Partition writer options are not valid: " + string.Join("; ", problems));

        string table = Path.GetFullPath(tableDirectory).TrimEnd(Path.DirectorySeparatorChar);
        string tableParent = Path.GetDirectoryName(table) ?? throw new ArgumentException($"Table folder '{table}' has no parent folder for staging", nameof(tableDirectory));
        var io = LakeRetry.Create(options.Retry, logger);
        var staged = StagedDirectory.Create(Path.Combine(table, partition), options.FileSystem, tableParent, io, logger);
        return new PartitionWriter(staged, options.FileSystem, io);
    }

    /// <summary>
    /// Writes file <paramref name="fileName"/> of the partition with <paramref name="write"/>, which gets the open
    /// stream. On a transient I/O error the partial file is deleted and <paramref name="write"/> runs again, so it
    /// must produce the whole file each time.
    /// </summary>
    public async Task WriteFileAsync(string fileName, Func<Stream, CancellationToken, ValueTask> write, CancellationToken ct)
    {
        if (_committed) throw new InvalidOperationException($"Partition '{PartitionPath}' is already committed");
        if (!IsPlainName(fileName) || fileName == SuccessMarker)
            throw new ArgumentException($"File name must be one plain name other than {SuccessMarker}, got '{fileName}'", nameof(fileName));
        lock (_written)
            if (!_claimed.Add(fileName)) throw new InvalidOperationException($"File '{fileName}' was already written to partition '{PartitionPath}'");
        string path = Path.Combine(StagingPath, fileName);
        try
        {
            await _io.RunAsync($"write {fileName}", async token =>
            {
                if (_files.FileExists(path)) _files.DeleteFile(path);
                await using var stream = _files.CreateFile(path);
                await write(stream, token);
                await stream.FlushAsync(token);
            }, ct);
        }
        catch
        {
            lock (_written) _claimed.Remove(fileName);
            throw;
        }
        lock (_written) _written.Add(fileName);
    }

    /// <summary>Writes <c>_SUCCESS</c> and publishes the partition, replacing its previous version.</summary>
    public async Task<CommittedPartition> CommitAsync(CancellationToken ct)
    {
        if (_committed) throw new InvalidOperationException($"Partition '{PartitionPath}' is already committed");
        ct.ThrowIfCancellationRequested();
        string marker = Path.Combine(StagingPath, SuccessMarker);
        await _io.RunAsync($"write {SuccessMarker}", async token =>
        {
            await using var stream = _files.CreateFile(marker);
            await stream.FlushAsync(token);
        }, ct);
        ct.ThrowIfCancellationRequested();
        bool replaced = _files.DirectoryExists(PartitionPath);
        _staged.Commit();
        _committed = true;
        return new CommittedPartition(PartitionPath, Files, replaced);
    }

    public ValueTask DisposeAsync()
    {
        _staged.Dispose();
        return ValueTask.CompletedTask;
    }

    private static bool IsPlainName(string name) =>
        !string.IsNullOrWhiteSpace(name) && name.IndexOfAny(Path.GetInvalidFileNameChars()) < 0 && name is not ("." or "..")
        && !name.StartsWith('.') && !name.StartsWith('_');
}
