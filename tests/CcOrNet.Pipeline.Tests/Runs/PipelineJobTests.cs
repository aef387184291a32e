using CcOrNet.Core.Schema;
using CcOrNet.Pipeline.Evaluation;
using CcOrNet.Pipeline.Runs;
using CcOrNet.Pipeline.Tests.Training;
using Microsoft.Extensions.Logging.Abstractions;

namespace CcOrNet.Pipeline.Tests.Runs;

/// <summary>The whole job on a tiny generated lake: every step runs and hands the next one what it needs.</summary>
[Collection("Training")]
public sealed class PipelineJobTests
{
    [Fact]
    public Task RunAsync_TinyLake_TrainsOutOfTimeScoresEveryUserAndEvaluates() => InRunFolder(async root =>
    {
        var options = new PipelineOptions { OutputDirectory = root, Users = 1500, Seed = 11, Epochs = 1, Model = "logmse" };
        var result = await PipelineJob.RunAsync(options, null, NullLogger.Instance, CancellationToken.None);

        // Trained on the snapshot one horizon before the scored one, so its labels were in the data.
        var scoredAsOf = result.Lake!.Task.AsOf;
        Assert.Equal(scoredAsOf.AddDays(-result.Lake.Task.HorizonDays), result.Features.Manifest.AsOf);
        Assert.Equal(result.Features.OutputDirectory, result.Model!.Manifest.TrainingData.FeaturesDirectory);
        // The training snapshot's shards are ordered by user, so a rerun sees the same batches and trains the same model.
        foreach (string shard in Directory.GetFiles(result.Features.OutputDirectory, "*.parquet").Select(f => Path.GetFileName(f)))
        {
            var ids = (await ParquetColumns.ReadAsync(result.Features.OutputDirectory, [shard], ["user_id"]))["user_id"].Select(Convert.ToInt64).ToList();
            Assert.Equal(ids.Order(), ids);
        }

        // Every user of the scoring snapshot has one committed prediction row.
        Assert.Equal(scoredAsOf, result.Predictions!.AsOf);
        Assert.Equal(result.ScoringFeatures!.Rows, result.Predictions.Rows);
        Assert.EndsWith(PredictionColumns.Partition(scoredAsOf), result.Predictions.PartitionDirectory);
        Assert.True(File.Exists(Path.Combine(result.Predictions.PartitionDirectory, PredictionColumns.SuccessMarker)));

        // The evaluation judged the one model on every scored (and labelled) user.
        var metrics = EvaluationMetrics.Read(result.Evaluation!.MetricsFile);
        Assert.Equal("logmse", Assert.Single(metrics.Models).Name);
        Assert.Equal(result.ScoringFeatures.Rows, metrics.UsersEvaluated);
        Assert.True(File.Exists(result.Evaluation.ReportFile));
        Assert.Equal(["generate", "label shape", $"features {result.Features.Manifest.AsOf:yyyy-MM-dd}", "thresholds", "train",
            $"features {scoredAsOf:yyyy-MM-dd}", "score", "evaluate"], result.Steps.Select(s => s.Name));
    });

    [Fact]
    public Task RunAsync_TrainAsOfAYearBack_TrainsOnThatSnapshotWithItsLabels() => InRunFolder(async root =>
    {
        var cutoff = new DateOnly(2025, 7, 1);
        var options = new PipelineOptions
        {
            OutputDirectory = root, Users = 800, Seed = 12, AsOf = cutoff, TrainAsOf = cutoff.AddYears(-1), StopAfter = PipelineStage.Features,
        };
        var result = await PipelineJob.RunAsync(options, null, NullLogger.Instance, CancellationToken.None);

        Assert.Equal(cutoff.AddYears(-1), result.Features.Manifest.AsOf);
        Assert.True(result.Features.Manifest.HasLabel);
        Assert.Contains(result.Steps, s => s.Name == "features 2024-07-01");
    });

    [Fact]
    public Task RunAsync_TrainAsOfWhoseLabelsEndAfterTheCutoff_RefusedBeforeAnyFeatures() => InRunFolder(async root =>
    {
        var cutoff = new DateOnly(2025, 7, 1);
        var options = new PipelineOptions { OutputDirectory = root, Users = 300, Seed = 12, AsOf = cutoff, HorizonDays = 184, TrainAsOf = new DateOnly(2025, 3, 1) };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => PipelineJob.RunAsync(options, null, NullLogger.Instance, CancellationToken.None));

        Assert.Contains("2025-03-01", error.Message);
        Assert.Contains("2024-12-29", error.Message);
        Assert.False(Directory.Exists(Path.Combine(root, "features")));
    });

    /// <summary>Runs <paramref name="test"/> with a fresh run folder and deletes the folder afterwards.</summary>
    private static async Task InRunFolder(Func<string, Task> test)
    {
        string root = Directory.CreateTempSubdirectory("ccornet-pipeline-test-").FullName;
        try
        {
            await test(root);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
