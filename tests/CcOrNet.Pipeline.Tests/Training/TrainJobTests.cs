using CcOrNet.Model.Training;
using CcOrNet.Core.Features;
using CcOrNet.Model.Bundles;
using CcOrNet.Model.Data;
using CcOrNet.Model.Models;
using CcOrNet.Pipeline.Tests.Scoring;
using CcOrNet.Pipeline.Training;
using Microsoft.Extensions.Logging.Abstractions;

namespace CcOrNet.Pipeline.Tests.Training;

[Collection("Training")]
public sealed class TrainJobTests(TrainingLake lake)
{
    private TrainOptions Options(string name, int epochs = 2, string model = "ccornet") => lake.TrainOptions(name, epochs, model);

    private static Task<TrainResult> TrainAsync(TrainOptions options) =>
        TrainJob.RunAsync(options, null, NullLogger.Instance, CancellationToken.None);

    private static async Task<List<ScoredChunk>> ScoreAsync(string bundleDirectory, string features)
    {
        using var bundle = ModelBundle.Load(bundleDirectory);
        var chunks = new List<ScoredChunk>();
        await foreach (var chunk in new BundleScorer(bundle).ScoreAsync(features, batchSize: 1000)) chunks.Add(chunk);
        return chunks;
    }

    private static float[] Values(IEnumerable<ScoredChunk> chunks) => chunks.SelectMany(c => c.Predictions.LtvExpected).ToArray();

    [Fact]
    public async Task RunAsync_Ccornet_WritesBundleWithManifestMetricsAndScoresEveryUser()
    {
        var result = await TrainAsync(Options("bundle"));

        Assert.True(File.Exists(Path.Combine(result.OutputDirectory, BundleManifest.FileName)));
        Assert.True(File.Exists(Path.Combine(result.OutputDirectory, BundleManifest.WeightsFileName)));
        var manifest = ModelBundle.Load(result.OutputDirectory).Manifest;
        Assert.Equal("ccornet", manifest.ModelName);
        Assert.Equal(2, manifest.EpochsRun);
        Assert.Equal(lake.Manifest.InputFingerprint, manifest.TrainingData.FeaturesFingerprint);
        Assert.Equal(lake.Manifest.Rows, manifest.TrainingData.TrainRows + manifest.TrainingData.ValidationRows);
        Assert.Equal(manifest.TrainingData.ValidationRows, (long)manifest.ValidationMetrics["count"]);
        Assert.InRange(manifest.ValidationMetrics["classification.payer_auc"], 0.5, 1.0);
        Assert.Equal(lake.Thresholds.Vocabularies.Keys.Order(), manifest.Thresholds.Vocabularies.Keys.Order());
        Assert.True(manifest.ValidationLosses[1] < manifest.ValidationLosses[0], $"validation loss should fall from epoch 1 to 2: {string.Join(", ", manifest.ValidationLosses)}");

        var chunks = await ScoreAsync(result.OutputDirectory, lake.FeaturesDirectory);
        Assert.Equal(lake.Manifest.Rows, chunks.Sum(c => c.Count));
        Assert.All(chunks, c => Assert.NotNull(c.Labels));
    }

    [Fact]
    public async Task RunAsync_SameSeedTwice_IdenticalPredictions()
    {
        var first = await TrainAsync(Options("seed-a", epochs: 1, model: "ziln"));
        var second = await TrainAsync(Options("seed-b", epochs: 1, model: "ziln"));
        var other = await TrainAsync(Options("seed-c", epochs: 1, model: "ziln") with { Seed = 6 });

        Assert.Equal(first.Manifest.ModelVersion, second.Manifest.ModelVersion);
        Assert.Equal(Values(await ScoreAsync(first.OutputDirectory, lake.FeaturesDirectory)),
            Values(await ScoreAsync(second.OutputDirectory, lake.FeaturesDirectory)));
        Assert.NotEqual(first.Manifest.ModelVersion, other.Manifest.ModelVersion);
    }

    [Fact]
    public async Task RunAsync_ResumeOneToThreeEpochs_EqualsThreeEpochsStraight()
    {
        // A constant rate: only then is a longer --epochs the same run continued.
        var constant = (string name, int epochs) => Options(name, epochs) with { Decay = LearningRateDecay.None };
        var straight = await TrainAsync(constant("straight", 3));
        await TrainAsync(constant("resumed", 1));
        var resumed = await TrainAsync(constant("resumed", 3) with { Resume = true });

        Assert.True(resumed.Resumed);
        Assert.Equal(3, resumed.Manifest.EpochsRun);
        Assert.Equal(straight.Manifest.TrainLosses, resumed.Manifest.TrainLosses);
        Assert.Equal(straight.Manifest.ValidationLosses, resumed.Manifest.ValidationLosses);
        Assert.Equal(straight.Manifest.ModelVersion, resumed.Manifest.ModelVersion);
    }

    [Fact]
    public async Task RunAsync_DecodeCache_SameBundleAsDecodingEveryPassAndTheCacheIsGoneAfterwards()
    {
        var options = Options("cache-on");
        var logger = new ListLogger();
        var cached = await TrainJob.RunAsync(options, null, logger, CancellationToken.None);
        var decoded = await TrainAsync(Options("cache-off") with { DecodeCache = false });

        Assert.Equal(decoded.Manifest.ModelVersion, cached.Manifest.ModelVersion);
        Assert.Equal(decoded.Manifest.ValidationMetrics, cached.Manifest.ValidationMetrics);
        Assert.Equal(decoded.Manifest.TrainLosses, cached.Manifest.TrainLosses);
        Assert.Equal(decoded.Manifest.ValidationLosses, cached.Manifest.ValidationLosses);
        Assert.Equal(File.ReadAllBytes(Path.Combine(decoded.OutputDirectory, BundleManifest.WeightsFileName)),
            File.ReadAllBytes(Path.Combine(cached.OutputDirectory, BundleManifest.WeightsFileName)));
        Assert.Equal(Path.Combine(options.CheckpointFolder, "decoded"), options.DecodeCacheFolder);
        Assert.False(Directory.Exists(options.DecodeCacheFolder));
        Assert.True(File.Exists(new TrainingCheckpoint(options.CheckpointFolder).BestWeightsPath));
        // Epoch 1 decodes every row group once; its validation pass, epoch 2 (train + validation), the value
        // calibration and the validation metrics read them: 5 reads per row group.
        int groups = (await FeatureTable.OpenAsync(lake.FeaturesDirectory, lake.Thresholds, requireLabel: true)).RowGroups.Count;
        Assert.Contains(logger.Messages, m => m.Contains(options.DecodeCacheFolder) && m.Contains("later epochs"));
        Assert.Contains(logger.Messages, m => m.Contains($"{5 * groups} row groups read from") && m.Contains($"{groups} decoded from Parquet"));
        Assert.Empty(logger.Warnings);
        Assert.False(Directory.Exists(Path.Combine(decoded.OutputDirectory + ".checkpoint", "decoded")));
    }

    [Fact]
    public async Task RunAsync_StoppedMidRunThenResumed_ReadsTheCacheLeftBehind()
    {
        var options = Options("cache-resume", epochs: 2, model: "logmse") with { TransientRetries = 0 };
        var fault = new FaultingProgress(epoch: 2, times: 1, FaultingProgress.ScalarRace);
        await Assert.ThrowsAsync<InvalidOperationException>(() => TrainJob.RunAsync(options, fault, NullLogger.Instance, CancellationToken.None));
        int groups = (await FeatureTable.OpenAsync(lake.FeaturesDirectory, lake.Thresholds, requireLabel: true)).RowGroups.Count;
        Assert.Equal(groups, Directory.GetFiles(options.DecodeCacheFolder, "*.rows").Length);

        var logger = new ListLogger();
        var resumed = await TrainJob.RunAsync(options with { Resume = true }, null, logger, CancellationToken.None);
        var straight = await TrainAsync(Options("cache-resume-straight", epochs: 2, model: "logmse"));

        Assert.True(resumed.Resumed);
        Assert.Equal(straight.Manifest.ModelVersion, resumed.Manifest.ModelVersion);
        // Epoch 2 (train + validation) and the validation metrics, all from the cache (a baseline has no value calibration pass).
        Assert.Contains(logger.Messages, m => m.Contains($"{3 * groups} row groups read from") && m.Contains(", 0 decoded from Parquet"));
        Assert.False(Directory.Exists(options.DecodeCacheFolder));
    }

    [Fact]
    public async Task RunAsync_DecodeCacheFolderNotWritable_WarnsOnceAndTrainsTheSameModel()
    {
        string blocker = lake.Scratch("cache-blocker");
        File.WriteAllText(blocker, "a file where the cache folder's parent should be");
        var logger = new ListLogger();

        var blocked = await TrainJob.RunAsync(Options("cache-blocked", epochs: 2, model: "logmse") with { DecodeCacheDirectory = Path.Combine(blocker, "decoded") },
            null, logger, CancellationToken.None);
        var decoded = await TrainAsync(Options("cache-blocked-off", epochs: 2, model: "logmse") with { DecodeCache = false });

        Assert.Equal(decoded.Manifest.ModelVersion, blocked.Manifest.ModelVersion);
        string warning = Assert.Single(logger.Warnings);
        Assert.Contains("stopped writing", warning);
        Assert.Contains(logger.Messages, m => m.Contains("0 row groups read from"));
    }

    [Fact]
    public async Task RunAsync_Diverges_FailsSayingSoAndWritesNoBundle()
    {
        var options = Options("diverged", epochs: 1, model: "logmse") with { LearningRate = 1e30 };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TrainAsync(options));

        Assert.Contains("diverged", error.Message);
        Assert.False(Directory.Exists(options.OutputDirectory));
    }

    [Fact]
    public async Task RunAsync_ResumeWithOtherSeed_RefusesTheCheckpoint()
    {
        await TrainAsync(Options("resume-other", epochs: 1, model: "logmse"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            TrainAsync(Options("resume-other", epochs: 2, model: "logmse") with { Resume = true, Seed = 99 }));

        Assert.Contains("another run", error.Message);
    }

    [Fact]
    public async Task Load_Bundle_PredictsLikeTheBestCheckpointWeights()
    {
        var options = Options("reload", epochs: 1, model: "twostage");
        var result = await TrainAsync(options);
        var table = await FeatureTable.OpenAsync(lake.FeaturesDirectory, lake.Thresholds, requireLabel: false);
        FeatureRows rows = null!;
        await foreach (var batch in BatchStream.ReadAsync(table, new BatchStreamOptions(BatchSize: 1000, Shuffle: false), 0)) { rows = batch; break; }
        using var fresh = LtvModelFactory.Create("twostage", table.Layout, result.Manifest.Buckets, seed: 123);
        fresh.Load(new TrainingCheckpoint(options.CheckpointFolder).BestWeightsPath);
        using var input = rows.ToBatch(table.Layout);

        var expected = fresh.Predict(input);
        var scored = (await ScoreAsync(result.OutputDirectory, lake.FeaturesDirectory))[0];

        Assert.Equal(rows.UserIds, scored.UserIds);
        Assert.Equal(expected.LtvPred, scored.Predictions.LtvPred);
        Assert.Equal(expected.PPayer, scored.Predictions.PPayer);
    }

    [Theory]
    [InlineData("ccornet", true)]
    [InlineData("twostage", false)]
    public async Task RunAsync_Bundle_CarriesValueCalibrationOnlyForCcOrNet(string model, bool calibrated)
    {
        var result = await TrainAsync(Options($"calibration-{model}", epochs: 1, model: model));

        using var bundle = ModelBundle.Load(result.OutputDirectory);
        var scales = bundle.Model.ValueScales();

        Assert.Equal(calibrated, scales.Any(scale => Math.Abs(scale - 1) > 1e-6));
        Assert.All(scales, scale => Assert.True(scale > 0 && double.IsFinite(scale), $"scale {scale}"));
    }

    [Fact]
    public async Task Score_FeaturesWithAnotherSchema_RefusedNamingTheColumns()
    {
        var result = await TrainAsync(Options("schema", epochs: 1, model: "logmse"));
        string dropped = lake.Manifest.Schema.Numeric[0].Name;
        string other = lake.CopyWithManifest("other-schema", m => m with
        {
            Schema = m.Schema with { Numeric = [.. m.Schema.Numeric.Skip(1)], Categorical = [.. m.Schema.Categorical, "shoe_size"] },
        });

        var error = await Assert.ThrowsAsync<InvalidDataException>(async () => await ScoreAsync(result.OutputDirectory, other));

        Assert.Contains(dropped, error.Message);
        Assert.Contains("shoe_size", error.Message);
    }

    [Fact]
    public async Task Score_FeaturesWithoutLabel_ScoresEveryUserWithoutLabels()
    {
        var result = await TrainAsync(Options("unlabelled-score", epochs: 1, model: "logmse"));
        string unlabelled = lake.CopyWithManifest("unlabelled-score-features", m => m with { HasLabel = false, Schema = m.Schema with { Label = null } });

        var chunks = await ScoreAsync(result.OutputDirectory, unlabelled);

        Assert.Equal(lake.Manifest.Rows, chunks.Sum(c => c.Count));
        Assert.All(chunks, c => Assert.Null(c.Labels));
    }

    [Fact]
    public async Task RunAsync_FeaturesWithoutLabel_FailsWithClearError()
    {
        string unlabelled = lake.CopyWithManifest("unlabelled-train", m => m with { HasLabel = false, Schema = m.Schema with { Label = null } });

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => TrainAsync(Options("no-label") with { FeaturesDirectory = unlabelled }));

        Assert.Contains("no label", error.Message);
        Assert.False(Directory.Exists(lake.Scratch("no-label")));
    }

    [Fact]
    public async Task RunAsync_BadOptions_ThrowsArgumentExceptionListingEveryProblem()
    {
        var options = Options("bad") with { Model = "xgboost", Epochs = 0, Workers = 3, BatchSize = 2, ValidationPercent = 0, TransientRetries = -1 };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => TrainAsync(options));

        Assert.Contains("xgboost", error.Message);
        Assert.Contains("epochs", error.Message);
        Assert.Contains("batch size (2) must be at least the number of workers (3)", error.Message);
        Assert.Contains("validation percent", error.Message);
        Assert.Contains("transient retries must be >= 0, got -1", error.Message);
    }
}
