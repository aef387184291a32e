using CcOrNet.Pipeline.Training;
using Microsoft.Extensions.Logging.Abstractions;

namespace CcOrNet.Pipeline.Tests.Training;

[Collection("Training")]
public sealed class TrainBenchmarkTests(TrainingLake lake)
{
    [Fact]
    public async Task RunAsync_TwoBatches_TimesEveryPathOnTheSameRows()
    {
        var options = TwoBatches(workers: 1);

        var result = await TrainBenchmark.RunAsync(options, null, NullLogger.Instance, CancellationToken.None);

        Assert.Equal(512, result.Rows);
        Assert.True(result.DecodeSamplesPerSecond > 0 && result.StreamedSamplesPerSecond > 0 && result.InMemorySamplesPerSecond > 0);
        Assert.True(result.TrainFlopsPerSample > 1e4, $"FLOPs per user {result.TrainFlopsPerSample}");
    }

    [Fact]
    public async Task RunAsync_TwoWorkers_TrainsGlobalBatchesAndMeasuresTheLayout()
    {
        var options = TwoBatches(workers: 2);

        var result = await TrainBenchmark.RunAsync(options, null, NullLogger.Instance, CancellationToken.None);

        Assert.Equal(2, result.Workers);
        Assert.Equal(512, result.Rows);
        Assert.True(result.InMemoryUsage.CpuSeconds > 0 && result.StreamedUsage.CpuSeconds > 0, $"CPU seconds {result.InMemoryUsage.CpuSeconds}, {result.StreamedUsage.CpuSeconds}");
        Assert.True(result.StreamedUsage.WallSeconds > 0 && result.StreamedUsage.MinorPageFaults >= 0 && result.StreamedFaultsPerUser >= 0);
        Assert.True(result.MatmulGflops > 0.1, $"matmul {result.MatmulGflops} GFLOP/s");
        Assert.Equal(result.InMemoryGflops / 120, result.PeakShare, 1e-12);
    }

    [Fact]
    public async Task RunAsync_TwoEpochsWithDecodeCache_SecondEpochReadsTheCacheAndTheFolderIsDeleted()
    {
        int groups = (await Model.Data.FeatureTable.OpenAsync(lake.FeaturesDirectory, lake.Thresholds, requireLabel: true)).RowGroups.Count;
        string folder = lake.Scratch("bench-decoded");
        var options = TwoBatches(workers: 2) with { MaxBatches = 0, Epochs = 2, DecodeCacheDirectory = folder };

        var result = await TrainBenchmark.RunAsync(options, null, NullLogger.Instance, CancellationToken.None);

        Assert.Equal(lake.Manifest.Rows, result.Rows);
        Assert.Equal(2, result.Epochs);
        Assert.Equal(2, result.StreamedEpochSamplesPerSecond.Count);
        Assert.All(result.StreamedEpochSamplesPerSecond, v => Assert.True(v > 0));
        Assert.True(result.DecodeCache);
        Assert.Equal(groups, result.DecodedRowGroups);
        Assert.Equal(groups, result.CachedRowGroups);
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public async Task RunAsync_DecodeCacheOff_CountsNothingFromIt()
    {
        var result = await TrainBenchmark.RunAsync(TwoBatches(workers: 1) with { Epochs = 2, DecodeCache = false }, null, NullLogger.Instance, CancellationToken.None);

        Assert.False(result.DecodeCache);
        Assert.Equal(0, result.CachedRowGroups + result.DecodedRowGroups);
        Assert.Equal(512, result.Rows);
        Assert.Equal(2, result.StreamedEpochSamplesPerSecond.Count);
    }

    [Fact]
    public async Task RunAsync_BadOptions_ThrowsArgumentException()
    {
        var options = new TrainBenchmarkOptions { FeaturesDirectory = "", ThresholdsFile = lake.ThresholdsFile, BatchSize = 0, Model = "gbm", Workers = 0, Epochs = 0 };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => TrainBenchmark.RunAsync(options, null, NullLogger.Instance, CancellationToken.None));

        Assert.Contains("batch size", error.Message);
        Assert.Contains("gbm", error.Message);
        Assert.Contains("workers must be at least 1", error.Message);
        Assert.Contains("epochs must be at least 1, got 0", error.Message);
    }

    private TrainBenchmarkOptions TwoBatches(int workers) => new()
    {
        FeaturesDirectory = lake.FeaturesDirectory,
        ThresholdsFile = lake.ThresholdsFile,
        Model = "logmse",
        BatchSize = 256,
        MaxBatches = 2,
        WarmupBatches = 1,
        Workers = workers,
    };
}
