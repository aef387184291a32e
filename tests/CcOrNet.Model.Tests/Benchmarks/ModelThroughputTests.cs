using CcOrNet.Model.Benchmarks;
using CcOrNet.Model.Data;
using CcOrNet.Model.Options;
using Xunit.Abstractions;

namespace CcOrNet.Model.Tests.Benchmarks;

/// <summary>
/// The throughput harness on a tiny layout (fast). Set CCORNET_BENCH=1 to time the realistic layout at batch 1024, 2048
/// and 4096 instead; the numbers are written to the test output (docs/model.md has the command).
/// </summary>
[Collection("Torch")]
public sealed class ModelThroughputTests(ITestOutputHelper output)
{
    [Fact]
    public void Measure_CcOrNet_ReportsPositiveSpeedAndFlops()
    {
        bool full = Environment.GetEnvironmentVariable("CCORNET_BENCH") == "1";
        var layout = full ? ThroughputOptions.Realistic : new FeatureLayout(4, [5], 2, 7);
        int[] batchSizes = full ? [1024, 2048, 4096] : [128];
        var kinds = full ? new[] { SequenceEncoderKind.Patch, SequenceEncoderKind.Conv, SequenceEncoderKind.Gru } : [SequenceEncoderKind.Patch];
        int[] threadCounts = full ? [1, 2] : [1];

        foreach (int threads in threadCounts)
        foreach (var kind in kinds)
        foreach (int batchSize in batchSizes)
        {
            TorchSharp.torch.set_num_threads(threads);
            var options = new ThroughputOptions(layout, BatchSize: batchSize, Steps: full ? 10 : 2, WarmupSteps: full ? 2 : 1,
                Options: new ModelOptions(new EncoderOptions(SequenceKind: kind)));
            var result = ModelThroughput.Measure(options);
            output.WriteLine($"{kind} batch {batchSize}: train {result.TrainSamplesPerSecond:F0}/s ({result.TrainGflops:F2} GFLOP/s), " +
                $"inference {result.InferenceSamplesPerSecond:F0}/s ({result.InferenceGflops:F2} GFLOP/s); " +
                $"FLOPs/user forward {result.ForwardFlopsPerSample:F0}, train {result.TrainFlopsPerSample:F0}; threads {result.Threads}");

            Assert.True(result.TrainSamplesPerSecond > 0 && result.InferenceSamplesPerSecond > result.TrainSamplesPerSecond / 10);
            Assert.True(result.ForwardFlopsPerSample > 0 && result.TrainFlopsPerSample > result.ForwardFlopsPerSample);
        }
        TorchSharp.torch.set_num_threads(1);
    }

    [Fact]
    public void Flops_SingleLinearModel_CountsTwicePerWeight()
    {
        var layout = new FeatureLayout(3, [], 1, 10);
        using var model = CcOrNet.Model.Models.LtvModelFactory.Create("logmse", layout,
            new CcOrNet.Model.Buckets.BucketEdges([1e-6, 10], 100),
            new ModelOptions(new EncoderOptions(HiddenSize: 8, NumericHidden: 4, SequenceKind: SequenceEncoderKind.Conv, SequenceHidden: 2), HeadHidden: 5));

        var (forward, train) = ModelThroughput.Flops(model, payerShare: 0.5, topBucketShare: 0.1);

        // numeric 3x4 + 4x4; conv1 2x1x7 and conv2 2x2x5 per day (10 days); fuse (4 + 4)x8 + 8x8; head 8x5 + 5x1.
        double expected = 2.0 * (12 + 16 + (14 + 20) * 10 + 64 + 64 + 40 + 5);
        Assert.Equal(expected, forward);
        Assert.Equal(3 * expected, train);
    }

    [Fact]
    public void Flops_PatchEncoder_CountsThePatchLayerOncePerPatch()
    {
        // 10 days in 7-day patches = 2 patches (the oldest 4 days zero-padded).
        var layout = new FeatureLayout(3, [], 1, 10);
        using var model = CcOrNet.Model.Models.LtvModelFactory.Create("logmse", layout,
            new CcOrNet.Model.Buckets.BucketEdges([1e-6, 10], 100),
            new ModelOptions(new EncoderOptions(HiddenSize: 8, NumericHidden: 4, SequenceKind: SequenceEncoderKind.Patch, SequenceHidden: 2), HeadHidden: 5));

        var (forward, _) = ModelThroughput.Flops(model, payerShare: 0.5, topBucketShare: 0.1);

        // numeric 3x4 + 4x4; per patch: patch (1 x 7) -> 2 and temporal (3 x 2) -> 2; fuse (4 + 4)x8 + 8x8; head 8x5 + 5x1.
        double expected = 2.0 * (12 + 16 + (14 + 12) * 2 + 64 + 64 + 40 + 5);
        Assert.Equal(expected, forward);
    }

    [Fact]
    public void Flops_CcOrNetTraining_CountsHeadsOnTheUsersTheyTrainOn()
    {
        var layout = new FeatureLayout(3, [], 1, 7);
        var buckets = new CcOrNet.Model.Buckets.BucketEdges([1e-6, 10], 100);
        var encoder = new EncoderOptions(HiddenSize: 8, NumericHidden: 4, SequenceHidden: 2);
        using var full = CcOrNet.Model.Models.LtvModelFactory.Create("ccornet", layout, buckets, new ModelOptions(encoder));
        using var cascadeOnly = CcOrNet.Model.Models.LtvModelFactory.Create("ccornet", layout, buckets, new ModelOptions(encoder, new CcOrNetOptions(UseResidual: false, UseAugmentation: false)));

        var (fullForward, fullTrain) = ModelThroughput.Flops(full, payerShare: 0.5, topBucketShare: 0.1);
        var (baseForward, baseTrain) = ModelThroughput.Flops(cascadeOnly, payerShare: 0.5, topBucketShare: 0.1);

        double residual = 0, highValue = 0;
        foreach (var (name, p) in ((TorchSharp.torch.nn.Module)full).named_parameters())
        {
            if (!name.EndsWith(".weight") || p.dim() < 2 || name.Contains("embedding")) continue;
            if (name.StartsWith("residual.")) residual += 2.0 * p.numel();
            if (name.StartsWith("high_value.")) highValue += 2.0 * p.numel();
        }
        Assert.True(residual > 0 && highValue > 0);
        // Inference: the residual for each of the 2 non-zero buckets, the high-value head for everyone.
        Assert.Equal(baseForward + 2 * residual + highValue, fullForward, 6);
        // Training: residual on the 50 % payers, high-value head on 4 copies of the 10 % top-bucket users; x3 for backward.
        Assert.Equal(baseTrain + 3 * (0.5 * residual + 4 * 0.1 * highValue), fullTrain, 6);
    }
}
