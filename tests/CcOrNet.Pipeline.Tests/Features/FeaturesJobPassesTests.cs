using CcOrNet.Core.Features;
using CcOrNet.Core.Jobs;
using CcOrNet.Pipeline.Features;
using CcOrNet.Synthetic;
using Microsoft.Extensions.Logging.Abstractions;

namespace CcOrNet.Pipeline.Tests.Features;

/// <summary>A multi-pass run (one slice of the users per pass) writes the same shards as one pass.</summary>
[Collection("DuckDB")]
public sealed class FeaturesJobPassesTests(FeaturesJobPassesTests.OnePassLake lake) : IClassFixture<FeaturesJobPassesTests.OnePassLake>
{
    private const int Shards = 4;

    /// <summary>A small generated lake and its features written in one pass, shared by the tests.</summary>
    public sealed class OnePassLake : IAsyncLifetime
    {
        private readonly TempFolder _temp = new();

        public GeneratedLake Lake { get; private set; } = null!;

        public FeaturesResult OnePass { get; private set; } = null!;

        public string Folder(string name) => Path.Combine(_temp.Path, name, Guid.NewGuid().ToString("N"));

        public async Task InitializeAsync()
        {
            Lake = await LakeGenerator.RunAsync(new GeneratorOptions { OutputDirectory = _temp.File("lake"), Users = 1000, Seed = 7 },
                null, NullLogger.Instance, CancellationToken.None);
            OnePass = await FeaturesJob.RunAsync(Options(Lake, _temp.File("one")) with { Passes = 1 }, null, NullLogger.Instance, CancellationToken.None);
        }

        public Task DisposeAsync()
        {
            _temp.Dispose();
            return Task.CompletedTask;
        }
    }

    [Theory]
    [InlineData(2)]   // divides the shards: each shard comes from one pass
    [InlineData(3)]   // does not: each shard is merged from three passes' files
    [InlineData(8)]   // more passes than shards: two passes per shard
    public async Task RunAsync_SeveralPasses_WritesTheSameShardsAsOnePass(int passes)
    {
        var expected = lake.OnePass;
        var options = Options(lake.Lake, lake.Folder("multi")) with { Passes = passes };

        var actual = await FeaturesJob.RunAsync(options, null, NullLogger.Instance, CancellationToken.None);

        Assert.True(expected.Rows > 300, $"expected several hundred users, got {expected.Rows}");
        Assert.Equal(expected.Rows, actual.Rows);
        Assert.Equal(expected.Manifest.PositiveLabels, actual.Manifest.PositiveLabels);
        Assert.Equal(expected.Manifest.Files, actual.Manifest.Files);
        Assert.Equal(expected.Manifest.Schema.AllColumns, actual.Manifest.Schema.AllColumns);
        foreach (string file in expected.Manifest.Files)
        {
            var one = await FeatureTable.ReadAsync(expected.OutputDirectory, file);
            var multi = await FeatureTable.ReadAsync(actual.OutputDirectory, file);
            Assert.Equal(one.Keys.Order(), multi.Keys.Order());
            foreach (long user in one.Keys)
                Assert.Equal(one[user], multi[user]);
        }
        // Nothing of the passes is left behind: the shards and the manifest only.
        Assert.Equal(expected.Manifest.Files.Append(FeatureManifest.FileName).Order(StringComparer.Ordinal),
            Directory.GetFileSystemEntries(actual.OutputDirectory).Select(e => Path.GetFileName(e)!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RunAsync_CancelledDuringThePasses_KeepsThePreviousOutputAndLeavesNoStaging()
    {
        string output = lake.Folder("cancelled");
        var options = Options(lake.Lake, output) with { Passes = 4 };
        var previous = await FeaturesJob.RunAsync(options, null, NullLogger.Instance, CancellationToken.None);
        string manifest = File.ReadAllText(Path.Combine(previous.OutputDirectory, FeatureManifest.FileName));
        using var cancel = new CancellationTokenSource();
        var progress = new SynchronousProgress(p => { if (p.Step == "features") cancel.Cancel(); });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => FeaturesJob.RunAsync(options, progress, NullLogger.Instance, cancel.Token));

        Assert.Equal(manifest, File.ReadAllText(Path.Combine(previous.OutputDirectory, FeatureManifest.FileName)));
        Assert.Equal([output], Directory.GetFileSystemEntries(Path.GetDirectoryName(output)!));
    }

    private static FeaturesOptions Options(GeneratedLake lake, string output) => new()
    {
        EventsPath = lake.EventsDirectory,
        UsersPath = lake.UsersDirectory,
        AsOf = lake.Task.AsOf,
        ObservationDays = lake.Task.ObservationDays,
        HorizonDays = lake.Task.HorizonDays,
        SequenceDays = 14,
        Shards = Shards,
        OutputDirectory = output,
        Engine = new() { Threads = 2 },
    };

    // Progress<T> posts to the thread pool; the test needs the callback before the next step starts.
    private sealed class SynchronousProgress(Action<JobProgress> report) : IProgress<JobProgress>
    {
        public void Report(JobProgress value) => report(value);
    }
}
