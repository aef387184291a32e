using CcOrNet.Pipeline.Scoring;
using CcOrNet.Pipeline.Tests.Training;
using Microsoft.Extensions.Logging.Abstractions;

namespace CcOrNet.Pipeline.Tests.Scoring;

[Collection("Training")]
public sealed class ScoreBenchmarkTests(TrainingLake lake)
{
    [Fact]
    public async Task RunAsync_TinyLake_TimesJobInferenceAndDuckDbCopyOnTheSameUsers()
    {
        var options = new ScoreBenchmarkOptions
        {
            ModelDirectory = await ScoringBundle.GetAsync(lake),
            FeaturesDirectory = lake.FeaturesDirectory,
            OutputDirectory = lake.Scratch("bench-score"),
            BatchSize = 256,
            Workers = 2,
            Threads = 1,
            InferenceRows = 500,
        };

        var result = await ScoreBenchmark.RunAsync(options, null, NullLogger.Instance, CancellationToken.None);

        Assert.Equal(lake.Manifest.Rows, result.Score.Rows);
        Assert.Equal(2, result.Workers);
        Assert.InRange(result.InferenceRows, 500, lake.Manifest.Rows);
        Assert.True(result.ScoreUsersPerSecond > 0 && result.InferenceUsersPerSecond > 0 && result.DuckDbCopyUsersPerSecond > 0 && result.DecodeUsersPerSecond > 0);
        Assert.True(result.PeakWorkingSetBytes > 0);
        Assert.True(File.Exists(Path.Combine(result.Score.PartitionDirectory, "_SUCCESS")));
        Assert.False(File.Exists(Path.Combine(options.OutputDirectory, "duckdb-copy.parquet")));
    }

    [Fact]
    public void Validate_BrokenRules_OneMessageWithTheScoreJobsRulesAndItsOwn()
    {
        var options = new ScoreBenchmarkOptions
        {
            ModelDirectory = "", FeaturesDirectory = "f", OutputDirectory = "", BatchSize = 0, Workers = -1, Threads = -1, InferenceRows = 0,
        };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("model directory is required", error.Message);
        Assert.Contains("output directory is required", error.Message);
        Assert.Contains("batch size must be at least 1, got 0", error.Message);
        Assert.Contains("workers must be >= 0, got -1", error.Message);
        Assert.Contains("threads must be >= 0, got -1", error.Message);
        Assert.Contains("inference rows must be at least 1, got 0", error.Message);
    }
}
