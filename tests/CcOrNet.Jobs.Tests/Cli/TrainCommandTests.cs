using CcOrNet.Model.Bundles;
using TorchSharp;

namespace CcOrNet.Jobs.Tests.Cli;

/// <summary><c>ccornet train</c> end to end on a small generated pipeline run (Torch and DuckDB: one test at a time).</summary>
[Collection("TrainCli")]
public sealed class TrainCommandTests
{
    [Fact]
    public async Task Train_AfterPipeline_ExitsZeroAndWritesBundle()
    {
        torch.set_num_threads(1);
        string root = Directory.CreateTempSubdirectory("ccornet-train-cli-").FullName;
        try
        {
            CliRun pipeline = await CliRun.ExecuteAsync("pipeline", "--out", root, "--users", "1500", "--seed", "3", "--stop-after", "thresholds");
            Assert.True(pipeline.ExitCode == 0, pipeline.Error);
            string features = Directory.GetDirectories(Path.Combine(root, "features")).Single();
            string bundle = Path.Combine(root, "bundle");

            CliRun train = await CliRun.ExecuteAsync("train", "--features", features, "--thresholds", Path.Combine(root, "thresholds.json"),
                "--model", "logmse", "--out", bundle, "--epochs", "1", "--batch-size", "512", "--decode-cache", Path.Combine(root, "decoded"));

            Assert.True(train.ExitCode == 0, train.Error);
            Assert.False(Directory.Exists(Path.Combine(root, "decoded")), "the decode cache is deleted once the bundle is published");
            Assert.True(File.Exists(Path.Combine(bundle, BundleManifest.FileName)));
            Assert.True(File.Exists(Path.Combine(bundle, BundleManifest.WeightsFileName)));
            Assert.Contains("logmse", train.Output);

            CliRun workers = await CliRun.ExecuteAsync("train", "--features", features, "--thresholds", Path.Combine(root, "thresholds.json"),
                "--out", Path.Combine(root, "other"), "--workers", "3", "--batch-size", "2");
            Assert.Equal(2, workers.ExitCode);
            Assert.Contains("batch size (2) must be at least the number of workers (3)", workers.Error);

            CliRun dist = await CliRun.ExecuteAsync("train", "--features", features, "--thresholds", Path.Combine(root, "thresholds.json"),
                "--out", Path.Combine(root, "other"), "--dist", "spark");
            Assert.NotEqual(0, dist.ExitCode);
            Assert.Contains("spark", dist.Error);

            CliRun negativeRate = await CliRun.ExecuteAsync("train", "--features", features, "--thresholds", Path.Combine(root, "thresholds.json"),
                "--out", Path.Combine(root, "other"), "--learning-rate", "-1");
            Assert.Equal(2, negativeRate.ExitCode);
            Assert.Contains("--learning-rate expects a positive number", negativeRate.Error);

            CliRun diverged = await CliRun.ExecuteAsync("train", "--features", features, "--thresholds", Path.Combine(root, "thresholds.json"),
                "--model", "logmse", "--out", Path.Combine(root, "diverged"), "--epochs", "1", "--learning-rate", "1e30");
            Assert.NotEqual(0, diverged.ExitCode);
            Assert.Contains("Training diverged", diverged.Error);
            Assert.False(Directory.Exists(Path.Combine(root, "diverged")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}

[CollectionDefinition("TrainCli", DisableParallelization = true)]
public sealed class TrainCliCollection;
