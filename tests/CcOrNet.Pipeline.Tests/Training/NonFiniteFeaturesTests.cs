using CcOrNet.Pipeline.Scoring;
using CcOrNet.Pipeline.Tests.Scoring;
using CcOrNet.Pipeline.Training;
using Microsoft.Extensions.Logging.Abstractions;

namespace CcOrNet.Pipeline.Tests.Training;

/// <summary>
/// A features table written by another tool may hold NaN or an infinity, which the model would turn into NaN
/// predictions without a word: training and scoring refuse it, naming the column, file, row group and row.
/// </summary>
[Collection("Training")]
public sealed class NonFiniteFeaturesTests(TrainingLake lake)
{
    /// <summary>A copy of the features whose first shard has <paramref name="value"/> (SQL) in <paramref name="column"/> at its third row.</summary>
    private async Task<string> CopyWithAsync(string name, string column, string value)
    {
        string copy = lake.CopyWithManifest(name, manifest => manifest);
        await ParquetEdits.SetValueAsync(Path.Combine(copy, "part-00000.parquet"), column, row: 2, value);
        return copy;
    }

    [Theory]
    [InlineData("recency_days", "'NaN'::DOUBLE", "NaN")]
    [InlineData("seq_spend_000", "'Infinity'::DOUBLE", "Infinity")]
    public async Task Score_NonFiniteFeature_RefusedNamingWhereAndNothingPublished(string column, string value, string shown)
    {
        string features = await CopyWithAsync($"nonfinite-{column}", column, value);
        var options = new ScoreOptions
        {
            ModelDirectory = await ScoringBundle.GetAsync(lake),
            FeaturesDirectory = features,
            OutputDirectory = lake.Scratch($"nonfinite-{column}-predictions"),
            Threads = 1,
        };

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ScoreJob.RunAsync(options, null, NullLogger.Instance, CancellationToken.None));

        Assert.Contains($"Column '{column}'", error.Message);
        Assert.Contains("part-00000.parquet' (row group 0, row 2) holds " + shown, error.Message);
        Assert.Contains("features must be finite", error.Message);
        Assert.False(Directory.Exists(options.OutputDirectory) && Directory.EnumerateFileSystemEntries(options.OutputDirectory).Any());
    }

    [Fact]
    public async Task Train_NaNLabel_RefusedNamingWhereAndNoBundle()
    {
        string features = await CopyWithAsync("nonfinite-label", "ltv", "'NaN'::DOUBLE");
        var options = lake.TrainOptions("nonfinite-label-bundle", epochs: 1, model: "logmse") with { FeaturesDirectory = features };

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => TrainJob.RunAsync(options, null, NullLogger.Instance, CancellationToken.None));

        Assert.Contains("Column 'ltv'", error.Message);
        Assert.Contains("row 2) holds NaN: labels must be finite", error.Message);
        Assert.False(Directory.Exists(options.OutputDirectory));
    }
}
