using System.Text;
using CcOrNet.Lake.Partitions;
using CcOrNet.Lake.Retries;
using CcOrNet.Lake.Tests.Faults;

namespace CcOrNet.Lake.Tests.Partitions;

public sealed class PartitionWriterTests : IDisposable
{
    private const string Day = "dt=2025-07-01";
    private readonly TempLake _lake = new();
    private readonly ListLogger _logger = new();
    private readonly FaultyFileSystem _files = new();

    private PartitionWriter Create(int retries = 3) => PartitionWriter.Create(_lake.Table, Day, _logger, new PartitionWriterOptions
    {
        FileSystem = _files,
        Retry = new LakeRetryOptions { MaxRetryAttempts = retries, BaseDelay = TimeSpan.Zero },
    });

    private static Func<Stream, CancellationToken, ValueTask> Text(string content) =>
        (stream, ct) => stream.WriteAsync(Encoding.UTF8.GetBytes(content), ct);

    private static string Long(string tag) => string.Concat(Enumerable.Repeat(tag, 200));

    /// <summary>A committed partition holding part-0 = <paramref name="content"/>.</summary>
    private async Task CommitPreviousAsync(string content)
    {
        await using var writer = PartitionWriter.Create(_lake.Table, Day, _logger);
        await writer.WriteFileAsync("part-0.txt", Text(content), CancellationToken.None);
        await writer.CommitAsync(CancellationToken.None);
    }

    private string[] PartitionFiles() => Directory.GetFiles(_lake.Partition(Day)).Select(Path.GetFileName).Order().ToArray()!;

    [Fact]
    public async Task CommitAsync_NewPartition_PublishesFilesThenSuccessMarkerAndLeavesNothingHidden()
    {
        await using (var writer = Create())
        {
            await writer.WriteFileAsync("part-0.txt", Text("a"), CancellationToken.None);
            await writer.WriteFileAsync("part-1.txt", Text("b"), CancellationToken.None);
            var committed = await writer.CommitAsync(CancellationToken.None);

            Assert.Equal(_lake.Partition(Day), committed.Path);
            Assert.Equal(["part-0.txt", "part-1.txt"], committed.Files);
            Assert.False(committed.ReplacedPrevious);
        }

        Assert.Equal(["_SUCCESS", "part-0.txt", "part-1.txt"], PartitionFiles());
        Assert.Equal("b", File.ReadAllText(Path.Combine(_lake.Partition(Day), "part-1.txt")));
        Assert.Empty(_lake.HiddenLeftovers());
    }

    [Fact]
    public async Task WriteFileAsync_TwoFilesAtOnce_BothCommittedInNameOrder()
    {
        await using var writer = Create();
        var secondStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var first = writer.WriteFileAsync("part-1.txt", async (stream, ct) =>
        {
            await secondStarted.Task.WaitAsync(ct);
            await stream.WriteAsync(Encoding.UTF8.GetBytes("b"), ct);
        }, CancellationToken.None);
        var second = writer.WriteFileAsync("part-0.txt", (stream, ct) =>
        {
            secondStarted.SetResult();
            return stream.WriteAsync(Encoding.UTF8.GetBytes("a"), ct);
        }, CancellationToken.None);
        await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(10));
        var committed = await writer.CommitAsync(CancellationToken.None);

        Assert.Equal(["part-0.txt", "part-1.txt"], committed.Files);
        Assert.Equal(["_SUCCESS", "part-0.txt", "part-1.txt"], PartitionFiles());
        Assert.Equal("b", File.ReadAllText(Path.Combine(_lake.Partition(Day), "part-1.txt")));
    }

    [Fact]
    public async Task WriteFileAsync_BeforeCommit_ReadersOfTheTableSeeOnlyThePreviousPartition()
    {
        await CommitPreviousAsync("old");
        await using var writer = Create();

        string[] seenDuringWrite = [];
        await writer.WriteFileAsync("part-0.txt", async (stream, ct) =>
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes("new"), ct);
            seenDuringWrite = Directory.EnumerateFileSystemEntries(_lake.Table, "*", SearchOption.AllDirectories)
                .Select(p => Path.GetRelativePath(_lake.Table, p)).Order().ToArray();
        }, CancellationToken.None);

        Assert.Equal([Day, Path.Combine(Day, "_SUCCESS"), Path.Combine(Day, "part-0.txt")], seenDuringWrite);
        Assert.StartsWith(".predictions.dt=2025-07-01.staging-", Path.GetFileName(writer.StagingPath));
        Assert.Equal(_lake.Root, Path.GetDirectoryName(writer.StagingPath));
        Assert.Equal("old", File.ReadAllText(Path.Combine(_lake.Partition(Day), "part-0.txt")));
    }

    [Fact]
    public async Task CommitAsync_ExistingPartition_ReplacesItWhole()
    {
        await CommitPreviousAsync("old");
        File.WriteAllText(Path.Combine(_lake.Partition(Day), "part-9.txt"), "stray file of the old version");

        await using (var writer = Create())
        {
            await writer.WriteFileAsync("part-0.txt", Text("new"), CancellationToken.None);
            Assert.True((await writer.CommitAsync(CancellationToken.None)).ReplacedPrevious);
        }

        Assert.Equal(["_SUCCESS", "part-0.txt"], PartitionFiles());
        Assert.Equal("new", File.ReadAllText(Path.Combine(_lake.Partition(Day), "part-0.txt")));
        Assert.Empty(_lake.HiddenLeftovers());
    }

    [Fact]
    public async Task WriteFileAsync_PermanentFaultMidWrite_FailsWithoutRetryAndLeavesPreviousPartition()
    {
        await CommitPreviousAsync("old");
        _files.Fault = () => new UnauthorizedAccessException("injected: permission denied");

        await using (var writer = Create())
        {
            await writer.WriteFileAsync("part-0.txt", Text(Long("x")), CancellationToken.None);
            _files.BrokenWrites = 1;
            await Assert.ThrowsAsync<UnauthorizedAccessException>(() =>
                writer.WriteFileAsync("part-1.txt", Text(Long("y")), CancellationToken.None));
        }

        Assert.Equal(2, _files.FilesCreated);
        Assert.Empty(_logger.Warnings);
        Assert.Equal(["_SUCCESS", "part-0.txt"], PartitionFiles());
        Assert.Equal("old", File.ReadAllText(Path.Combine(_lake.Partition(Day), "part-0.txt")));
        Assert.Empty(_lake.HiddenLeftovers());
    }

    [Fact]
    public async Task WriteFileAsync_FaultMidWriteOfFirstPartition_NoPartitionVisible()
    {
        _files.BrokenWrites = 1;
        _files.Fault = () => new IOException("injected: disk full", 28);

        await using (var writer = Create())
            await Assert.ThrowsAsync<IOException>(() => writer.WriteFileAsync("part-0.txt", Text(Long("x")), CancellationToken.None));

        Assert.False(Directory.Exists(_lake.Partition(Day)));
        Assert.Empty(_lake.HiddenLeftovers());
    }

    [Fact]
    public async Task WriteFileAsync_TwoTransientFaults_RetriedFromScratchAndEachRetryLogged()
    {
        _files.BrokenWrites = 2;
        string content = Long("abc");

        await using (var writer = Create(retries: 3))
        {
            await writer.WriteFileAsync("part-0.txt", Text(content), CancellationToken.None);
            await writer.CommitAsync(CancellationToken.None);
        }

        Assert.Equal(4, _files.FilesCreated); // three attempts at part-0, then _SUCCESS
        Assert.Equal(content, File.ReadAllText(Path.Combine(_lake.Partition(Day), "part-0.txt")));
        var warnings = _logger.Warnings.ToList();
        Assert.Equal(2, warnings.Count);
        Assert.All(warnings, w => Assert.Contains("write part-0.txt", w));
        Assert.Contains("retry 1 of 3", warnings[0]);
        Assert.Contains("retry 2 of 3", warnings[1]);
    }

    [Fact]
    public async Task WriteFileAsync_MoreTransientFaultsThanRetries_FailsAndLeavesPreviousPartition()
    {
        await CommitPreviousAsync("old");
        _files.BrokenWrites = 3;

        await using (var writer = Create(retries: 2))
            await Assert.ThrowsAsync<IOException>(() => writer.WriteFileAsync("part-0.txt", Text(Long("new")), CancellationToken.None));

        Assert.Equal(2, _logger.Warnings.Count());
        Assert.Equal("old", File.ReadAllText(Path.Combine(_lake.Partition(Day), "part-0.txt")));
        Assert.Empty(_lake.HiddenLeftovers());
    }

    [Fact]
    public async Task WriteFileAsync_Cancelled_NotRetriedAndNothingPublished()
    {
        using var cancel = new CancellationTokenSource();

        await using (var writer = Create())
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => writer.WriteFileAsync("part-0.txt", (_, ct) =>
            {
                cancel.Cancel();
                ct.ThrowIfCancellationRequested();
                return ValueTask.CompletedTask;
            }, cancel.Token));
        }

        Assert.Equal(1, _files.FilesCreated);
        Assert.Empty(_logger.Warnings);
        Assert.False(Directory.Exists(_lake.Partition(Day)));
        Assert.Empty(_lake.HiddenLeftovers());
    }

    [Fact]
    public async Task CommitAsync_TransientFaultOnPublishRename_RetriedAndPublished()
    {
        await CommitPreviousAsync("old");
        int faults = 1;
        _files.MoveFault = (source, _) => source.Contains(".staging-") && faults-- > 0 ? new IOException("injected: rename timed out") : null;

        await using (var writer = Create())
        {
            await writer.WriteFileAsync("part-0.txt", Text("new"), CancellationToken.None);
            await writer.CommitAsync(CancellationToken.None);
        }

        Assert.Single(_logger.Warnings);
        Assert.Equal("new", File.ReadAllText(Path.Combine(_lake.Partition(Day), "part-0.txt")));
        Assert.Empty(_lake.HiddenLeftovers());
    }

    [Fact]
    public async Task CommitAsync_PermanentFaultOnPublishRename_RestoresPreviousPartition()
    {
        await CommitPreviousAsync("old");
        _files.MoveFault = (source, _) => source.Contains(".staging-") ? new UnauthorizedAccessException("injected: rename denied") : null;

        await using (var writer = Create())
        {
            await writer.WriteFileAsync("part-0.txt", Text("new"), CancellationToken.None);
            await Assert.ThrowsAsync<UnauthorizedAccessException>(() => writer.CommitAsync(CancellationToken.None));
        }

        Assert.Equal(["_SUCCESS", "part-0.txt"], PartitionFiles());
        Assert.Equal("old", File.ReadAllText(Path.Combine(_lake.Partition(Day), "part-0.txt")));
        Assert.Empty(_lake.HiddenLeftovers());
    }

    [Fact]
    public void Create_BadPartitionAndRetryOptions_ThrowsListingEveryProblem()
    {
        var error = Assert.Throws<ArgumentException>(() => PartitionWriter.Create(_lake.Table, "../dt=x", _logger,
            new PartitionWriterOptions { Retry = new LakeRetryOptions { MaxRetryAttempts = -1, BaseDelay = TimeSpan.FromHours(1) } }));

        Assert.Contains("'../dt=x'", error.Message);
        Assert.Contains("retry attempts", error.Message);
        Assert.Contains("retry delay", error.Message);
        Assert.False(Directory.Exists(_lake.Table));
    }

    [Fact]
    public async Task WriteFileAsync_HiddenOrDuplicateName_Refused()
    {
        await using var writer = Create();
        await writer.WriteFileAsync("part-0.txt", Text("a"), CancellationToken.None);

        await Assert.ThrowsAsync<ArgumentException>(() => writer.WriteFileAsync("_SUCCESS", Text(""), CancellationToken.None));
        await Assert.ThrowsAsync<InvalidOperationException>(() => writer.WriteFileAsync("part-0.txt", Text("b"), CancellationToken.None));
    }

    public void Dispose() => _lake.Dispose();
}
