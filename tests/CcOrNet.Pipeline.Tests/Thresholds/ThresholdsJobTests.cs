using CcOrNet.Core.Features;
using CcOrNet.Core.Thresholds;
using CcOrNet.Pipeline.Tests.Features;
using CcOrNet.Pipeline.Thresholds;
using Microsoft.Extensions.Logging.Abstractions;

namespace CcOrNet.Pipeline.Tests.Thresholds;

[Collection("DuckDB")]
public sealed class ThresholdsJobTests
{
    private static ThresholdsOptions Options(TempFolder temp, string features) => new()
    {
        FeaturesDirectory = features,
        OutputFile = temp.File("thresholds.json"),
        MinPositiveLabels = 1,
        MinCategoryCount = 1,
    };

    private static Task<ThresholdsResult> RunAsync(ThresholdsOptions options) =>
        ThresholdsJob.RunAsync(options, null, NullLogger.Instance, CancellationToken.None);

    [Fact]
    public async Task RunAsync_ExactMode_EdgesAreHandComputedQuantiles()
    {
        using var temp = new TempFolder();
        // Positives 2 3 5 7 11 13 17 19 (n = 8); zeros do not count. Linear interpolation at h = (n - 1) q:
        // q0.5: h = 3.5 -> 7 + 0.5 * 4 = 9; q0.75: h = 5.25 -> 13 + 0.25 * 4 = 14; q0.999: h = 6.993 -> 17 + 0.993 * 2 = 18.986.
        double[] labels = [0, 0, 0, 19, 2, 13, 3, 0, 5, 17, 7, 11];
        var options = Options(temp, await FeatureFolder.WriteAsync(temp.File("features"), labels));

        var result = await RunAsync(options);

        Assert.Equal(4, result.Thresholds.Buckets);
        Assert.Equal(1e-6, result.Thresholds.BucketEdges[0]);
        Assert.Equal(9.0, result.Thresholds.BucketEdges[1], 12);
        Assert.Equal(14.0, result.Thresholds.BucketEdges[2], 12);
        Assert.Equal(18.986, result.Thresholds.TopEdge, 9);
        Assert.Equal(new RowCounts(12, 8), result.Thresholds.Counts);
    }

    [Fact]
    public async Task RunAsync_ApproximateMode_EdgesWithinOnePercentRankError()
    {
        using var temp = new TempFolder();
        var random = new Random(7);
        var labels = Enumerable.Range(0, 20_000)
            .Select(_ => random.NextDouble() < 0.6 ? 0 : Math.Exp(3 + 1.5 * Gaussian(random)))
            .ToArray();
        var options = Options(temp, await FeatureFolder.WriteAsync(temp.File("features"), labels))
            with { Mode = QuantileMode.Approximate, Buckets = 5, Quantiles = [0.25, 0.5, 0.9] };

        var result = await RunAsync(options);

        var positives = labels.Where(y => y > 1e-6).Order().ToArray();
        for (int i = 0; i < options.Quantiles.Count; i++)
        {
            double edge = result.Thresholds.BucketEdges[i + 1];
            double rank = (double)positives.Count(y => y <= edge) / positives.Length;
            Assert.InRange(rank, options.Quantiles[i] - 0.01, options.Quantiles[i] + 0.01);
        }
    }

    [Fact]
    public async Task RunAsync_NumericFeatures_MeanAndStdOnTheirScale()
    {
        using var temp = new TempFolder();
        double[] labels = [0, 1, 4, 9, 16, 25, 36];
        var options = Options(temp, await FeatureFolder.WriteAsync(temp.File("features"), labels));

        var result = await RunAsync(options);

        // money = 2 * label, heavy-tailed: statistics of sign(x) * ln(1 + |x|).
        var logs = labels.Select(y => Math.Log(1 + 2 * y)).ToArray();
        double mean = logs.Average(), std = Math.Sqrt(logs.Select(v => (v - mean) * (v - mean)).Average());
        var money = result.Thresholds.Numeric["money"];
        Assert.Equal(FeatureTransform.SignedLog1p, money.Transform);
        Assert.Equal(mean, money.Mean, 9);
        Assert.Equal(std, money.Std, 9);
        // plain = row % 3 = 0 1 2 0 1 2 0, identity scale.
        var plain = result.Thresholds.Numeric["plain"];
        Assert.Equal(FeatureTransform.Identity, plain.Transform);
        Assert.Equal(6.0 / 7, plain.Mean, 9);
        // seq_events are constant per day (1 and 0): pooled over both days, on the log1p scale.
        Assert.Equal(Math.Log(2) / 2, result.Thresholds.Sequences["events"].Mean, 9);
        Assert.Equal(Math.Log(2) / 2, result.Thresholds.Sequences["events"].Std, 9);
    }

    [Fact]
    public async Task RunAsync_Vocabulary_KeepsFrequentValuesAndMapsTheRestToOov()
    {
        using var temp = new TempFolder();
        string[] countries = ["DE", "DE", "FR", "DE", "FR", "US", "DE", "FR", "IT"];
        double[] labels = [0, 1, 2, 3, 4, 5, 6, 7, 8];
        var options = Options(temp, await FeatureFolder.WriteAsync(temp.File("features"), labels, countries)) with { MinCategoryCount = 2 };

        var result = await RunAsync(options);

        var vocabulary = result.Thresholds.Vocabularies["country"];
        Assert.Equal(new Dictionary<string, int> { ["DE"] = 1, ["FR"] = 2 }, vocabulary.Values);
        Assert.Equal(3, vocabulary.Size);
        Assert.Equal(Vocabulary.OutOfVocabulary, vocabulary.IndexOf("US"));
        Assert.Equal(Vocabulary.OutOfVocabulary, vocabulary.IndexOf("never seen"));
        Assert.Equal(2, vocabulary.IndexOf("FR"));
    }

    [Fact]
    public async Task RunAsync_WrittenFile_ReadsBackEqual()
    {
        using var temp = new TempFolder();
        var options = Options(temp, await FeatureFolder.WriteAsync(temp.File("features"), [0, 0, 1, 2, 3, 4, 5, 6, 7, 8]));

        var result = await RunAsync(options);
        var read = BucketThresholds.Read(options.OutputFile);

        Assert.Equal(result.Thresholds.ToJson(), read.ToJson());
        Assert.Equal(1, read.Version);
        Assert.Equal(0, read.BucketOf(0));
        Assert.Equal(1, read.BucketOf(read.BucketEdges[1]));
        Assert.Equal(3, read.BucketOf(read.TopEdge * 10));
    }

    [Fact]
    public async Task RunAsync_NoPositiveLabels_IsRejected()
    {
        using var temp = new TempFolder();
        var options = Options(temp, await FeatureFolder.WriteAsync(temp.File("features"), [0, 0, 0, 0]));
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => RunAsync(options));
        Assert.Contains("no positive label", error.Message);
        Assert.False(File.Exists(options.OutputFile));
    }

    [Fact]
    public async Task RunAsync_TiedPositiveLabels_IsRejected()
    {
        using var temp = new TempFolder();
        var options = Options(temp, await FeatureFolder.WriteAsync(temp.File("features"), [0, 5, 5, 5, 5, 5, 5, 5, 9]));
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => RunAsync(options));
        Assert.Contains("must increase", error.Message);
        Assert.Contains("ties", error.Message);
        Assert.False(File.Exists(options.OutputFile));
    }

    [Fact]
    public async Task RunAsync_TooFewPositiveLabels_IsRejected()
    {
        using var temp = new TempFolder();
        var options = Options(temp, await FeatureFolder.WriteAsync(temp.File("features"), [0, 1, 2, 3])) with { MinPositiveLabels = 20 };
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => RunAsync(options));
        Assert.Contains("3 positive labels, expected at least 20", error.Message);
    }

    [Theory]
    [InlineData("plain", "'NaN'::DOUBLE", "Feature column 'plain' holds 1 NaN or infinite values")]
    [InlineData("seq_spend_001", "'-Infinity'::DOUBLE", "Feature column 'sequence columns seq_spend_000 .. seq_spend_001' holds NaN or infinite values")]
    public async Task RunAsync_NonFiniteFeature_IsRejectedNamingTheColumn(string column, string value, string message)
    {
        using var temp = new TempFolder();
        var options = Options(temp, await FeatureFolder.WriteAsync(temp.File("features"), Enumerable.Range(1, 40).Select(i => (double)i).ToArray()));
        await Training.ParquetEdits.SetValueAsync(Path.Combine(options.FeaturesDirectory, ShardHash.FileName(0)), column, row: 5, value);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => RunAsync(options));

        Assert.Contains(message, error.Message);
        Assert.False(File.Exists(options.OutputFile));
    }

    [Fact]
    public async Task RunAsync_FeaturesWithoutLabel_IsRejected()
    {
        using var temp = new TempFolder();
        var options = Options(temp, await FeatureFolder.WriteAsync(temp.File("features"), [0, 1, 2], withLabel: false));
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => RunAsync(options));
        Assert.Contains("no label", error.Message);
    }

    [Fact]
    public void Validate_QuantilesNotMatchingBuckets_ListsEveryProblem()
    {
        var options = new ThresholdsOptions { FeaturesDirectory = "f", OutputFile = "t.json", Buckets = 5, Quantiles = [0.8, 0.5], TopEdgeQuantile = 0.7 };
        var error = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains("expected 3 quantiles", error.Message);
        Assert.Contains("must increase", error.Message);
        Assert.Contains("top edge quantile", error.Message);
    }

    [Fact]
    public async Task RunAsync_OnFeaturesJobOutput_CoversEveryColumnRole()
    {
        using var temp = new TempFolder();
        var features = TinyLake.Options(temp, temp.Csv("events.csv", TinyLake.Header, TinyLake.Events))
            with { UsersPath = temp.Csv("users.csv", TinyLake.UsersHeader, TinyLake.Users) };
        var written = await TinyLake.RunAsync(features);
        var options = Options(temp, features.OutputDirectory) with { Buckets = 2, Quantiles = [] };

        var result = await RunAsync(options);

        Assert.Equal(written.Manifest.Schema.Numeric.Select(n => n.Name).Order(), result.Thresholds.Numeric.Keys.Order());
        Assert.Equal(["acquisition_channel", "country", "platform"], result.Thresholds.Vocabularies.Keys.Order());
        Assert.Equal(["events", "spend"], result.Thresholds.Sequences.Keys.Order());
        Assert.Equal(new RowCounts(5, 3), result.Thresholds.Counts);
        Assert.Equal(written.Manifest.InputFingerprint, result.Thresholds.FeaturesFingerprint);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
