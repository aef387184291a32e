using System.Text.Json;
using CcOrNet.Core.Jobs;
using Microsoft.Extensions.Logging.Abstractions;

namespace CcOrNet.Synthetic.Tests;

public sealed class LakeGeneratorTests
{
    private static Task<GeneratedLake> Generate(string output, long users = 3_000, ulong seed = 42, int shards = 2, IProgress<JobProgress>? progress = null, CancellationToken ct = default) =>
        LakeGenerator.RunAsync(
            new GeneratorOptions { OutputDirectory = output, Users = users, Seed = seed, Shards = shards, RowGroupRows = 5_000 },
            progress, NullLogger.Instance, ct);

    private static Dictionary<string, byte[]> Files(string folder) =>
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f), File.ReadAllBytes);

    [Fact]
    public async Task RunAsync_SameSeedTwice_WritesByteIdenticalFiles()
    {
        using var temp = new TempFolder();
        await Generate(temp.Combine("a"));
        await Generate(temp.Combine("b"));

        var a = Files(temp.Combine("a"));
        var b = Files(temp.Combine("b"));

        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        Assert.Contains(Path.Combine("events", "part-00001.parquet"), a.Keys);
        foreach (string name in a.Keys) Assert.True(a[name].AsSpan().SequenceEqual(b[name]), $"{name} differs between runs");
    }

    [Fact]
    public async Task RunAsync_DifferentSeed_WritesDifferentEvents()
    {
        using var temp = new TempFolder();
        await Generate(temp.Combine("a"), seed: 1);
        await Generate(temp.Combine("b"), seed: 2);

        var a = await ParquetTable.ReadFolderAsync(temp.Combine("a/events"));
        var b = await ParquetTable.ReadFolderAsync(temp.Combine("b/events"));

        Assert.NotEqual(a.Column<double>("amount"), b.Column<double>("amount"));
    }

    [Fact]
    public async Task RunAsync_DifferentShardCounts_WriteTheSameRowsInUserOrder()
    {
        using var temp = new TempFolder();
        await Generate(temp.Combine("one"), users: 2_000, shards: 1);
        await Generate(temp.Combine("three"), users: 2_000, shards: 3);

        var one = await ParquetTable.ReadFolderAsync(temp.Combine("one/events"));
        var three = await ParquetTable.ReadFolderAsync(temp.Combine("three/events"));

        Assert.Equal(3, Directory.GetFiles(temp.Combine("three/events")).Length);
        Assert.Equal(one.Column<long>("user_id"), three.Column<long>("user_id"));
        Assert.Equal(one.Column<DateTime>("event_time"), three.Column<DateTime>("event_time"));
        Assert.Equal(one.Column<double>("amount"), three.Column<double>("amount"));
        Assert.Equal(one.Column<string>("category"), three.Column<string>("category"));
    }

    [Fact]
    public async Task RunAsync_Manifest_DescribesTheDefaultTaskAndTheRows()
    {
        using var temp = new TempFolder();
        GeneratedLake lake = await Generate(temp.Combine("lake"));

        using JsonDocument manifest = JsonDocument.Parse(File.ReadAllBytes(lake.ManifestPath));
        JsonElement root = manifest.RootElement;
        var asOf = DateOnly.Parse(root.GetProperty("as_of").GetString()!);
        int observation = root.GetProperty("observation_days").GetInt32();
        int horizon = root.GetProperty("horizon_days").GetInt32();
        var historyStart = DateOnly.Parse(root.GetProperty("history_start").GetString()!);
        var historyEnd = DateOnly.Parse(root.GetProperty("history_end").GetString()!);

        Assert.Equal((lake.Task.AsOf, lake.Task.ObservationDays, lake.Task.HorizonDays), (asOf, observation, horizon));
        Assert.Equal(365, observation);
        Assert.InRange(horizon, 181, 184);
        Assert.True(historyEnd >= asOf.AddDays(horizon), "the horizon must be inside the data");
        Assert.True(historyStart <= asOf.AddDays(-horizon - observation), "an out-of-time snapshot one horizon earlier needs a full observation window");
        Assert.Equal(42UL, root.GetProperty("seed").GetUInt64());
        Assert.Equal(3_000, root.GetProperty("users").GetInt64());
        var events = await ParquetTable.ReadFolderAsync(lake.EventsDirectory);
        Assert.Equal(events.Rows, root.GetProperty("events_rows").GetInt64());
        Assert.Equal(events.Rows, lake.EventRows);
        Assert.False(string.IsNullOrEmpty(root.GetProperty("generator_version").GetString()));
    }

    [Fact]
    public async Task RunAsync_CancelledMidway_LeavesNoOutputAndNoStaging()
    {
        using var temp = new TempFolder();
        using var cts = new CancellationTokenSource();
        var progress = new CancelOnFirstProgress(cts);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Generate(temp.Combine("lake"), users: 40_000, shards: 1, progress: progress, ct: cts.Token));

        Assert.True(progress.Cancelled);
        Assert.Empty(Directory.EnumerateFileSystemEntries(temp.Path));
    }

    [Fact]
    public async Task RunAsync_CancelledOverAnEarlierLake_LeavesTheEarlierLakeIntact()
    {
        using var temp = new TempFolder();
        GeneratedLake earlier = await Generate(temp.Combine("lake"), users: 500, seed: 7);
        byte[] manifest = File.ReadAllBytes(earlier.ManifestPath);
        using var cts = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Generate(temp.Combine("lake"), users: 40_000, shards: 1, progress: new CancelOnFirstProgress(cts), ct: cts.Token));

        Assert.Equal(manifest, File.ReadAllBytes(earlier.ManifestPath));
        Assert.Equal(["lake"], Directory.EnumerateFileSystemEntries(temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task RunAsync_OverAnEarlierLake_ReplacesItWhole()
    {
        using var temp = new TempFolder();
        await Generate(temp.Combine("lake"), users: 600, seed: 1, shards: 3);

        GeneratedLake lake = await Generate(temp.Combine("lake"), users: 500, seed: 2, shards: 1);

        Assert.Equal(["part-00000.parquet"], Directory.GetFiles(lake.EventsDirectory).Select(Path.GetFileName));
        using JsonDocument manifest = JsonDocument.Parse(File.ReadAllBytes(lake.ManifestPath));
        Assert.Equal(2UL, manifest.RootElement.GetProperty("seed").GetUInt64());
        Assert.Equal(["lake"], Directory.EnumerateFileSystemEntries(temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task RunAsync_Progress_ReportsUsersUpToTheTotal()
    {
        using var temp = new TempFolder();
        var reports = new List<JobProgress>();
        var progress = new SynchronousProgress(p => { lock (reports) reports.Add(p); });

        await Generate(temp.Combine("lake"), users: 20_000, shards: 2, progress: progress);

        Assert.All(reports, r => Assert.Equal((LakeGenerator.ProgressStep, 20_000L), (r.Step, r.Total)));
        Assert.Equal(20_000, reports.Max(r => r.Done));
        Assert.True(reports.Count >= 3, $"expected intermediate reports, got {reports.Count}");
    }

    private sealed class SynchronousProgress(Action<JobProgress> onReport) : IProgress<JobProgress>
    {
        public void Report(JobProgress value) => onReport(value);
    }

    private sealed class CancelOnFirstProgress(CancellationTokenSource cts) : IProgress<JobProgress>
    {
        public bool Cancelled { get; private set; }

        public void Report(JobProgress value)
        {
            if (value.Done == 0) return;
            Cancelled = true;
            cts.Cancel();
        }
    }
}
