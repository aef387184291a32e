using System.Runtime.InteropServices;
using CcOrNet.Model.Training;
using CcOrNet.Pipeline.Training;
using Microsoft.Extensions.Logging.Abstractions;

namespace CcOrNet.Pipeline.Tests.Training;

[Collection("Training")]
public sealed class TrainJobRecoveryTests(TrainingLake lake)
{
    private TrainOptions Options(string name, int epochs, string model) => lake.TrainOptions(name, epochs, model);

    private static Task<TrainResult> TrainAsync(TrainOptions options, IProgress<Core.Jobs.JobProgress>? progress = null) =>
        TrainJob.RunAsync(options, progress, NullLogger.Instance, CancellationToken.None);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task RunAsync_TransientScalarErrorInAnEpoch_RetriesAndEqualsUninterruptedRun(int faultyEpoch)
    {
        var straight = await TrainAsync(Options($"straight-{faultyEpoch}", epochs: 3, model: "ccornet"));
        var fault = new FaultingProgress(faultyEpoch, times: 1, FaultingProgress.ScalarRace);

        var recovered = await TrainAsync(Options($"recovered-{faultyEpoch}", epochs: 3, model: "ccornet"), fault);

        Assert.Equal(1, fault.Thrown);
        Assert.Equal(3, recovered.Manifest.EpochsRun);
        Assert.Equal(straight.Manifest.TrainLosses, recovered.Manifest.TrainLosses);
        Assert.Equal(straight.Manifest.ValidationLosses, recovered.Manifest.ValidationLosses);
        Assert.Equal(straight.Manifest.ModelVersion, recovered.Manifest.ModelVersion);
    }

    [Theory]
    [InlineData("calibrate values")]
    [InlineData("validation metrics")]
    public async Task RunAsync_TransientScalarErrorInAnInferencePass_RetriesAndEqualsUninterruptedRun(string step)
    {
        var straight = await TrainAsync(Options($"straight-{step}", epochs: 2, model: "ccornet"));
        var fault = FaultingProgress.AtStep(step, times: 2, FaultingProgress.ScalarRace);

        var recovered = await TrainAsync(Options($"recovered-{step}", epochs: 2, model: "ccornet"), fault);

        Assert.Equal(2, fault.Thrown);
        Assert.Equal(straight.Manifest.ModelVersion, recovered.Manifest.ModelVersion);
        Assert.Equal(straight.Manifest.ValidationMetrics, recovered.Manifest.ValidationMetrics);
    }

    [Fact]
    public async Task RunAsync_OtherErrorInTheCalibration_FailsAtOnceWithoutBundle()
    {
        var fault = FaultingProgress.AtStep("calibrate values", times: 1, () => new ExternalException("std::bad_alloc"));

        await Assert.ThrowsAsync<ExternalException>(() => TrainAsync(Options("calibration-error", epochs: 1, model: "ccornet"), fault));

        Assert.Equal(1, fault.Thrown);
        Assert.False(Directory.Exists(lake.Scratch("calibration-error")));
    }

    [Fact]
    public async Task RunAsync_CosineDecay_StoppedMidRunAndResumed_EqualsUninterruptedRun()
    {
        var cosine = (string name) => Options(name, epochs: 3, model: "ccornet") with { Decay = LearningRateDecay.Cosine, TransientRetries = 0 };
        var straight = await TrainAsync(cosine("cosine-straight"));
        var constant = await TrainAsync(Options("constant-straight", epochs: 3, model: "ccornet") with { Decay = LearningRateDecay.None });
        var fault = new FaultingProgress(epoch: 2, times: 1, FaultingProgress.ScalarRace);
        await Assert.ThrowsAsync<InvalidOperationException>(() => TrainAsync(cosine("cosine-resumed"), fault));

        var resumed = await TrainAsync(cosine("cosine-resumed") with { Resume = true });

        Assert.True(resumed.Resumed);
        Assert.Equal(straight.Manifest.TrainLosses, resumed.Manifest.TrainLosses);
        Assert.Equal(straight.Manifest.ModelVersion, resumed.Manifest.ModelVersion);
        Assert.NotEqual(constant.Manifest.ModelVersion, straight.Manifest.ModelVersion);
        using (var bundle = Model.Bundles.ModelBundle.Load(resumed.OutputDirectory))
            Assert.Equal(LearningRateDecay.Cosine, bundle.Manifest.LearningRateDecay);
        Assert.Equal(LearningRateDecay.None, constant.Manifest.LearningRateDecay);
        Assert.Equal(constant.Manifest.TrainLosses[0], straight.Manifest.TrainLosses[0], 0.05);
        // The schedule is planned over the epochs: continuing it with more epochs would be another run.
        var longer = await Assert.ThrowsAsync<InvalidOperationException>(() => TrainAsync(cosine("cosine-resumed") with { Resume = true, Epochs = 4 }));
        Assert.Contains("another run", longer.Message);
    }

    [Fact]
    public async Task RunAsync_OtherNativeError_FailsAtOnce()
    {
        var fault = new FaultingProgress(epoch: 2, times: 1, () => new ExternalException("std::bad_alloc"));

        var error = await Assert.ThrowsAsync<ExternalException>(() => TrainAsync(Options("other-error", epochs: 2, model: "logmse"), fault));

        Assert.Equal("std::bad_alloc", error.Message);
        Assert.Equal(1, fault.Thrown);
        Assert.False(Directory.Exists(lake.Scratch("other-error")));
    }

    [Fact]
    public async Task RunAsync_TransientErrorBeyondRetries_FailsNamingTheEpochAndRetries()
    {
        var fault = new FaultingProgress(epoch: 2, times: int.MaxValue, FaultingProgress.ScalarRace);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            TrainAsync(Options("exhausted", epochs: 2, model: "logmse") with { TransientRetries = 2 }, fault));

        Assert.Equal(3, fault.Thrown);
        Assert.Contains("Epoch 2", error.Message);
        Assert.Contains("after 2 retries", error.Message);
        Assert.Contains("--resume", error.Message);
        Assert.IsType<ExternalException>(error.InnerException);
        Assert.False(Directory.Exists(lake.Scratch("exhausted")));
    }
}
