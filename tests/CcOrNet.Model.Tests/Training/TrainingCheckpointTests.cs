using CcOrNet.Model.Buckets;
using CcOrNet.Model.Data;
using CcOrNet.Model.Models;
using CcOrNet.Model.Tests.Support;
using CcOrNet.Model.Training;
using TorchSharp;
using TorchSharp.Modules;

namespace CcOrNet.Model.Tests.Training;

/// <summary>The checkpoint after each epoch: best weights that belong to its state, and nothing half-written.</summary>
[Collection("Torch")]
public sealed class TrainingCheckpointTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ccornet-checkpoint-").FullName;
    private readonly TrainingCheckpoint _checkpoint;
    private readonly BucketEdges _edges;

    public TrainingCheckpointTests()
    {
        _checkpoint = new TrainingCheckpoint(Path.Combine(_folder, "run.checkpoint"));
        using var batch = SyntheticLtv.Batch(64, seed: 5);
        _edges = SyntheticLtv.Edges(batch);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private ILtvModel Model(long seed) => LtvModelFactory.Create("logmse", SyntheticLtv.Layout, _edges, seed: seed);

    private void Save(ILtvModel model, TrainerState state)
    {
        using var trainer = new StreamingTrainer(model, new TrainerOptions());
        _checkpoint.Save(model, trainer, state);
    }

    private void AssertBestWeightsAre(ILtvModel expected)
    {
        using var loaded = Model(seed: 99);
        loaded.Load(_checkpoint.BestWeightsPath);
        Assert.All(expected.Parameters().Zip(loaded.Parameters()), pair => Assert.True(pair.First.allclose(pair.Second, rtol: 0, atol: 0)));
    }

    [Fact]
    public void Save_BestWeightsFollowTheBestEpoch()
    {
        using var first = Model(seed: 1);
        using var second = Model(seed: 2);
        using var third = Model(seed: 3);
        var state = TrainerState.Start("key").After(1.0, 0.5, patience: 3);

        Save(first, state);
        AssertBestWeightsAre(first);
        Save(second, state = state.After(0.9, 0.6, patience: 3));
        AssertBestWeightsAre(first);
        Save(third, state = state.After(0.8, 0.4, patience: 3));
        AssertBestWeightsAre(third);

        Assert.Equal(3, _checkpoint.ReadState()!.BestEpoch);
    }

    [Fact]
    public void Save_DiskFullMidWrite_KeepsThePreviousCheckpointAndLeavesNothingBehind()
    {
        using var first = Model(seed: 1);
        using var second = Model(seed: 2);
        var state = TrainerState.Start("key").After(1.0, 0.5, patience: 3);
        Save(first, state);

        var error = Assert.Throws<IOException>(() => Save(new DiskFullModel(second), state.After(0.9, 0.4, patience: 3)));

        Assert.Contains("No space left", error.Message);
        Assert.Equal(1, _checkpoint.ReadState()!.EpochsDone);
        AssertBestWeightsAre(first);
        Assert.Equal(["last"], Directory.GetFileSystemEntries(_checkpoint.Directory).Select(Path.GetFileName));
    }

    [Fact]
    public void SaveInitial_DiskFullMidWrite_LeavesNoInitialState()
    {
        using var model = Model(seed: 1);
        using var trainer = new StreamingTrainer(model, new TrainerOptions());

        Assert.Throws<IOException>(() => _checkpoint.SaveInitial(new DiskFullModel(model), trainer));

        Assert.Empty(Directory.GetFileSystemEntries(_checkpoint.Directory));
    }

    /// <summary>A model whose weights file runs out of disk after a few bytes, as on a full volume.</summary>
    private sealed class DiskFullModel(ILtvModel inner) : ILtvModel
    {
        public string ModelName => inner.ModelName;
        public FeatureLayout Layout => inner.Layout;
        public BucketEdges Buckets => inner.Buckets;
        public IEnumerable<Parameter> Parameters() => inner.Parameters();
        public void SetTraining(bool training) => inner.SetTraining(training);
        public LossBreakdown Loss(FeatureBatch batch) => inner.Loss(batch);
        public Predictions Predict(FeatureBatch batch) => inner.Predict(batch);
        public void CalibrateValues(IEnumerable<FeatureBatch> batches) => inner.CalibrateValues(batches);
        public IReadOnlyList<double> ValueScales() => inner.ValueScales();
        public void Load(string path) => inner.Load(path);
        public void Dispose() { }

        public void Save(string path)
        {
            File.WriteAllBytes(path, new byte[512]);
            throw new IOException($"No space left on device : '{path}'");
        }
    }
}
