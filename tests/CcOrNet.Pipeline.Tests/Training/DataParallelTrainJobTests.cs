using CcOrNet.Model.Training;
using CcOrNet.Pipeline.Training;
using Microsoft.Extensions.Logging.Abstractions;

namespace CcOrNet.Pipeline.Tests.Training;

/// <summary><c>ccornet train --workers N</c>: in-process data-parallel workers over shards of the features table.</summary>
[Collection("Training")]
public sealed class DataParallelTrainJobTests(TrainingLake lake)
{
    private TrainOptions Options(string name, int workers, int epochs = 1) => new()
    {
        FeaturesDirectory = lake.FeaturesDirectory,
        ThresholdsFile = lake.ThresholdsFile,
        Model = "ziln",
        OutputDirectory = lake.Scratch(name),
        Epochs = epochs,
        BatchSize = 256,
        Seed = 5,
        Patience = 10,
        Workers = workers,
        Threads = 1,
    };

    private static Task<TrainResult> TrainAsync(TrainOptions options) =>
        TrainJob.RunAsync(options, null, NullLogger.Instance, CancellationToken.None);

    [Fact]
    public async Task RunAsync_TwoWorkers_SameDataSummaryAndSimilarLossAsOneWorker()
    {
        var one = await TrainAsync(Options("dp-one", workers: 1, epochs: 2));
        var two = await TrainAsync(Options("dp-two", workers: 2, epochs: 2));

        Assert.Equal(2, two.Workers);
        Assert.Equal(0, two.Rank);
        // Row counts and bucket means are summed over the workers' shards: they must equal one worker's full pass.
        Assert.Equal(one.Manifest.TrainingData, two.Manifest.TrainingData with { FeaturesDirectory = one.Manifest.TrainingData.FeaturesDirectory });
        Assert.Equal(one.Manifest.Buckets.BucketMeans, two.Manifest.Buckets.BucketMeans, (a, b) => Math.Abs(a - b) <= 1e-12 * Math.Abs(a));
        Assert.Equal(lake.Manifest.Rows, (long)two.Manifest.ValidationMetrics["count"] + two.Manifest.TrainingData.TrainRows);
        // Same global batch size, other data order: the same optimisation, not the same bits.
        double relative = Math.Abs(two.Manifest.ValidationLoss - one.Manifest.ValidationLoss) / Math.Abs(one.Manifest.ValidationLoss);
        Assert.True(relative < 0.1, $"validation loss: one worker {one.Manifest.ValidationLoss:F4}, two workers {two.Manifest.ValidationLoss:F4}");
        Assert.True(two.Manifest.ValidationLosses[1] < two.Manifest.TrainLosses[0], "two workers should learn");
        Assert.InRange(two.CommunicationShare, 0, 1);
    }

    [Fact]
    public async Task RunAsync_TwoWorkersTwice_IdenticalModel()
    {
        var first = await TrainAsync(Options("dp-repeat-a", workers: 2));
        var second = await TrainAsync(Options("dp-repeat-b", workers: 2));

        Assert.Equal(first.Manifest.ModelVersion, second.Manifest.ModelVersion);
    }

    [Fact]
    public async Task RunAsync_TwoWorkersSharingTheDecodeCache_SameModelAsDecodingEveryPass()
    {
        var cached = await TrainAsync(Options("dp-cache-on", workers: 2, epochs: 2));
        var decoded = await TrainAsync(Options("dp-cache-off", workers: 2, epochs: 2) with { DecodeCache = false });

        Assert.Equal(decoded.Manifest.ModelVersion, cached.Manifest.ModelVersion);
        Assert.Equal(decoded.Manifest.ValidationMetrics, cached.Manifest.ValidationMetrics);
        Assert.False(Directory.Exists(Options("dp-cache-on", workers: 2).DecodeCacheFolder));
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(1, 3)]
    public async Task RunAsync_ResumeWithAnotherWorkerCount_ContinuesFromTheCheckpoint(int before, int after)
    {
        string name = $"dp-resume-{before}-{after}";
        // A constant rate, so that the one-epoch run can be continued to two.
        var first = await TrainAsync(Options(name, workers: before, epochs: 1) with { Decay = LearningRateDecay.None });

        var resumed = await TrainAsync(Options(name, workers: after, epochs: 2) with { Resume = true, Decay = LearningRateDecay.None });

        Assert.True(resumed.Resumed);
        Assert.Equal(2, resumed.Manifest.EpochsRun);
        Assert.Equal(first.Manifest.TrainLosses[0], resumed.Manifest.TrainLosses[0]);
        Assert.Equal(after, resumed.Workers);
    }
}
