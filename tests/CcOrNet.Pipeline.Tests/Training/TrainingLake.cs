using CcOrNet.Core.Features;
using CcOrNet.Core.Thresholds;
using CcOrNet.Pipeline.Runs;
using CcOrNet.Pipeline.Training;
using CcOrNet.Synthetic;
using Microsoft.Extensions.Logging.Abstractions;
using TorchSharp;

namespace CcOrNet.Pipeline.Tests.Training;

/// <summary>
/// A small generated lake run through features (training snapshot) and thresholds once for all training tests (1 500 users, seed 7);
/// Torch on one intra-op thread (the cores are shared).
/// </summary>
public sealed class TrainingLake : IAsyncLifetime
{
    public string Root { get; } = Directory.CreateTempSubdirectory("ccornet-train-test-").FullName;
    public string FeaturesDirectory { get; private set; } = "";
    public string ThresholdsFile { get; private set; } = "";
    public FeatureManifest Manifest { get; private set; } = null!;
    public BucketThresholds Thresholds { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        torch.set_num_threads(1);
        // Scoring cutoff at the history's end puts the training snapshot at the lake's default task (2025-07-01),
        // the snapshot with the most known users and positives.
        var options = new PipelineOptions
        {
            OutputDirectory = Path.Combine(Root, "run"), Users = 1500, Seed = 7,
            AsOf = LakeCalendar.HistoryEnd, StopAfter = PipelineStage.Thresholds,
        };
        var run = await PipelineJob.RunAsync(options,
            null, NullLogger.Instance, CancellationToken.None);
        FeaturesDirectory = run.Features.OutputDirectory;
        ThresholdsFile = run.Thresholds!.OutputFile;
        Manifest = FeatureManifest.Read(FeaturesDirectory);
        Thresholds = BucketThresholds.Read(ThresholdsFile);
    }

    public string Scratch(string name) => Path.Combine(Root, name);

    /// <summary>Options of a small seeded training run on this lake, its bundle in <c>Scratch(name)</c>.</summary>
    public TrainOptions TrainOptions(string name, int epochs = 2, string model = "ccornet") => new()
    {
        FeaturesDirectory = FeaturesDirectory,
        ThresholdsFile = ThresholdsFile,
        Model = model,
        OutputDirectory = Scratch(name),
        Epochs = epochs,
        BatchSize = 256,
        Seed = 5,
        Patience = 10,
        // One Torch thread, whatever a scoring test before left the process's setting at: runs compared bit for bit need it.
        Threads = 1,
    };

    /// <summary>A copy of the features folder whose manifest is changed by <paramref name="change"/>.</summary>
    public string CopyWithManifest(string name, Func<FeatureManifest, FeatureManifest> change)
    {
        string copy = Scratch(name);
        Directory.CreateDirectory(copy);
        foreach (string file in Directory.GetFiles(FeaturesDirectory))
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        File.WriteAllText(Path.Combine(copy, FeatureManifest.FileName), change(Manifest).ToJson());
        return copy;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Root, recursive: true);
        return Task.CompletedTask;
    }
}

/// <summary>Torch and DuckDB native state: these tests run one at a time.</summary>
[CollectionDefinition("Training", DisableParallelization = true)]
public sealed class TrainingCollection : ICollectionFixture<TrainingLake>;
