using CcOrNet.Core.Schema;
using CcOrNet.Pipeline.Evaluation;
using CcOrNet.Pipeline.Runs;
using Microsoft.Extensions.Logging.Abstractions;

namespace CcOrNet.Pipeline.Tests.Runs;

/// <summary>The whole job on a tiny generated lake: every step runs and hands the next one what it needs.</summary>
[Collection("Training")]
public sealed class PipelineJobTests
{
    [Fact]
    public async Task RunAsync_TinyLake_TrainsOutOfTimeScoresEveryUserAndEvaluates()
    {
        string root = Directory.CreateTempSubdirectory("ccornet-pipeline-test-").FullName;
        try
        {
            var options = new PipelineOptions { OutputDirectory = root, Users = 1500, Seed = 11, Epochs = 1, Model = "logmse" };
            var result = await PipelineJob.RunAsync(options, null, NullLogger.Instance, CancellationToken.None);

            // Trained on the snapshot one horizon before the scored one, so its labels were in the data.
            var scoredAsOf = result.Lake!.Task.AsOf;
            Assert.Equal(scoredAsOf.AddDays(-result.Lake.Task.HorizonDays), result.Features.Manifest.AsOf);
            Assert.Equal(result.Features.OutputDirectory, result.Model!.Manifest.TrainingData.FeaturesDirectory);

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
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
