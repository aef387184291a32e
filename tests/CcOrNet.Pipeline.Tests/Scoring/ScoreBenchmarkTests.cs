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
            Threads = 1,
            InferenceRows = 500,
        };

        var result = await ScoreBenchmark.RunAsync(options, null, NullLogger.Instance, CancellationToken.None);

        Assert.Equal(lake.Manifest.Rows, result.Score.Rows);
        Assert.InRange(result.InferenceRows, 500, lake.Manifest.Rows);
        Assert.True(result.ScoreUsersPerSecond > 0 && result.InferenceUsersPerSecond > 0 && result.DuckDbCopyUsersPerSecond > 0 && result.DecodeUsersPerSecond > 0);
        Assert.True(result.PeakWorkingSetBytes > 0);
        Assert.True(File.Exists(Path.Combine(result.Score.PartitionDirectory, "_SUCCESS")));
        Assert.False(File.Exists(Path.Combine(options.OutputDirectory, "duckdb-copy.parquet")));
    }
}
