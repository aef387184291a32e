using System.Text.Json.Nodes;
using CcOrNet.Model.Bundles;
using CcOrNet.Pipeline.Scoring;
using CcOrNet.Pipeline.Tests.Training;

namespace CcOrNet.Pipeline.Tests.Scoring;

/// <summary>The score job's drift check: predicted bucket shares against the training validation split, and feature means.</summary>
[Collection("Training")]
public sealed class ScoreDriftTests(TrainingLake lake)
{
    private async Task<ScoreOptions> OptionsAsync(string table, string? bundle = null) => new()
    {
        ModelDirectory = bundle ?? await ScoringBundle.GetAsync(lake),
        FeaturesDirectory = lake.FeaturesDirectory,
        OutputDirectory = lake.Scratch(table),
        BatchSize = 500,
        Threads = 1,
    };

    /// <summary>A copy of the scoring bundle with <paramref name="change"/> applied to its manifest.</summary>
    private async Task<string> BundleCopyAsync(string name, Action<JsonObject> change)
    {
        string source = await ScoringBundle.GetAsync(lake), copy = lake.Scratch(name);
        Directory.CreateDirectory(copy);
        foreach (string file in Directory.GetFiles(source)) File.Copy(file, Path.Combine(copy, Path.GetFileName(file)), overwrite: true);
        string manifest = Path.Combine(copy, BundleManifest.FileName);
        var json = JsonNode.Parse(File.ReadAllText(manifest))!.AsObject();
        change(json);
        File.WriteAllText(manifest, json.ToJsonString());
        return copy;
    }

    /// <summary>A copy whose reference shares are replaced (null: removed, as in an older bundle).</summary>
    private Task<string> BundleWithReferenceAsync(string name, double[]? shares) => BundleCopyAsync(name, json =>
    {
        if (shares is null) json.Remove("reference_bucket_shares");
        else json["reference_bucket_shares"] = new JsonArray(shares.Select(s => (JsonNode)JsonValue.Create(s)).ToArray());
    });

    [Fact]
    public async Task RunAsync_TheTrainingSnapshot_StableSharesAndNoFeatureShift()
    {
        var options = await OptionsAsync("drift-none");
        var manifest = ModelBundle.Load(options.ModelDirectory).Manifest;
        var logger = new ListLogger();

        var result = await ScoreJob.RunAsync(options, null, logger, CancellationToken.None);

        Assert.Equal(manifest.Buckets.BucketCount, manifest.ReferenceBucketShares!.Count);
        Assert.Equal(1.0, manifest.ReferenceBucketShares.Sum(), 9);
        Assert.Equal(result.BucketCounts.Select(c => c / (double)result.Rows), result.Drift.BucketShares);
        // The validation split is a tenth of the same snapshot, so the shares differ by sampling only.
        Assert.InRange(result.Drift.PredictionPsi!.Value, 0, 0.05);
        // Thresholds normalise with this snapshot's own means: every mean shift is 0 up to float error.
        Assert.Equal(ScoreDrift.ListedFeatures, result.Drift.LargestFeatureShifts.Count);
        Assert.All(result.Drift.LargestFeatureShifts, s => Assert.InRange(s.MeanShift, -0.01, 0.01));
        Assert.Equal(manifest.Schema.Categorical, result.Drift.OutOfVocabulary.Select(v => v.Feature));
        Assert.All(result.Drift.OutOfVocabulary, v => Assert.InRange(v.Share - v.ReferenceShare!.Value, -0.02, 0.02));
        Assert.Empty(result.Drift.NewValues);
        Assert.Empty(logger.Warnings);
        Assert.Contains(logger.Messages, m => m.Contains("Drift against training: prediction PSI") && m.Contains("(stable)"));
    }

    [Fact]
    public async Task RunAsync_ANewPlatformForAQuarterOfUsers_OutOfVocabularyShareRisesAndIsWarned()
    {
        string features = lake.CopyWithManifest("features-new-platform", manifest => manifest);
        foreach (string shard in Directory.GetFiles(features, "*.parquet"))
            await Training.ParquetEdits.ReplaceAsync(shard, "platform", "CASE WHEN user_id % 4 = 0 THEN 'smart-tv' ELSE platform END");
        var logger = new ListLogger();

        var result = await ScoreJob.RunAsync(await OptionsAsync("drift-platform") with { FeaturesDirectory = features }, null, logger, CancellationToken.None);

        var platform = Assert.Single(result.Drift.NewValues);
        Assert.Equal("platform", platform.Feature);
        Assert.InRange(platform.Share - platform.ReferenceShare!.Value, 0.2, 0.3);
        Assert.Contains("out of vocabulary: platform", Assert.Single(logger.Warnings));
    }

    [Fact]
    public async Task RunAsync_FeatureMeanOneSdAboveTraining_ListedFirstWithItsShiftAndWarned()
    {
        // Training normalisation moved up by one standard deviation: the same users now sit one sd below its mean.
        const string feature = "tenure_days";
        string bundle = await BundleCopyAsync("bundle-shifted", json =>
        {
            var stats = json["thresholds"]!["numeric"]![feature]!.AsObject();
            Assert.Equal("identity", stats["transform"]!.GetValue<string>());
            stats["mean"] = stats["mean"]!.GetValue<double>() + stats["std"]!.GetValue<double>();
        });
        var logger = new ListLogger();

        var result = await ScoreJob.RunAsync(await OptionsAsync("drift-feature", bundle), null, logger, CancellationToken.None);

        var largest = result.Drift.LargestFeatureShifts[0];
        Assert.Equal(feature, largest.Feature);
        Assert.InRange(largest.MeanShift, -1.01, -0.99);
        Assert.All(result.Drift.LargestFeatureShifts.Skip(1), s => Assert.InRange(s.MeanShift, -0.01, 0.01));
        Assert.Contains($"{feature} -1.00 sd", Assert.Single(logger.Warnings));
    }

    [Fact]
    public async Task RunAsync_SharesFarFromTraining_WarnsAndPublishes()
    {
        int buckets = ModelBundle.Load(await ScoringBundle.GetAsync(lake)).Manifest.Buckets.BucketCount;
        double[] skewed = [.. Enumerable.Repeat(0.01, buckets - 1), 1 - 0.01 * (buckets - 1)];
        var logger = new ListLogger();

        var result = await ScoreJob.RunAsync(await OptionsAsync("drift-warn", await BundleWithReferenceAsync("bundle-skewed", skewed)), null, logger, CancellationToken.None);

        Assert.True(result.Drift.PredictionPsi > 0.25, $"PSI {result.Drift.PredictionPsi}");
        string warning = Assert.Single(logger.Warnings);
        Assert.Contains("major shift", warning);
        Assert.Contains("retrain", warning);
        Assert.True(File.Exists(Path.Combine(result.PartitionDirectory, "_SUCCESS")));
    }

    [Fact]
    public async Task RunAsync_PsiAboveTheLimit_FailsPublishingNothing()
    {
        int buckets = ModelBundle.Load(await ScoringBundle.GetAsync(lake)).Manifest.Buckets.BucketCount;
        double[] skewed = [.. Enumerable.Repeat(0.01, buckets - 1), 1 - 0.01 * (buckets - 1)];
        var options = await OptionsAsync("drift-fail", await BundleWithReferenceAsync("bundle-skewed-limit", skewed)) with { MaxPredictionPsi = 0.25 };

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ScoreJob.RunAsync(options, null, new ListLogger(), CancellationToken.None));

        Assert.Contains("--max-prediction-psi 0.25", error.Message);
        Assert.Contains("Nothing was published", error.Message);
        Assert.False(Directory.Exists(options.OutputDirectory) && Directory.EnumerateFileSystemEntries(options.OutputDirectory).Any());
        Assert.DoesNotContain(Directory.GetFileSystemEntries(lake.Root), e => Path.GetFileName(e).StartsWith(".drift-fail", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_BundleWithoutReference_ScoresAndSaysThePsiIsUnknown()
    {
        var logger = new ListLogger();
        var options = await OptionsAsync("drift-old", await BundleWithReferenceAsync("bundle-old", null)) with { MaxPredictionPsi = 0.01 };

        var result = await ScoreJob.RunAsync(options, null, logger, CancellationToken.None);

        Assert.Null(result.Drift.PredictionPsi);
        Assert.Contains("prediction PSI n/a", result.Drift.Describe());
        Assert.True(File.Exists(Path.Combine(result.PartitionDirectory, "_SUCCESS")));
    }
}
