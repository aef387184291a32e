using CcOrNet.Model.Models;
using CcOrNet.Model.Options;
using CcOrNet.Model.Tests.Support;
using CcOrNet.Model.Training;
using TorchSharp;

namespace CcOrNet.Model.Tests.Models;

/// <summary>Seeds, weights I/O and the factory's checks, for every model.</summary>
[Collection("Torch")]
public sealed class ModelLifecycleTests
{
    public static TheoryData<string> Names => new(LtvModelFactory.Names);

    [Theory]
    [MemberData(nameof(Names))]
    public void Fit_SameSeedTwice_IdenticalParameters(string name)
    {
        using var batch = SyntheticLtv.Batch(128, seed: 2);
        var batches = batch.Split(32);
        var buckets = SyntheticLtv.Edges(batch);
        var trainer = new Trainer(new TrainerOptions(Epochs: 2, Seed: 9));

        using var first = LtvModelFactory.Create(name, SyntheticLtv.Layout, buckets, seed: 4);
        using var second = LtvModelFactory.Create(name, SyntheticLtv.Layout, buckets, seed: 4);
        using var otherSeed = LtvModelFactory.Create(name, SyntheticLtv.Layout, buckets, seed: 5);
        trainer.Fit(first, batches);
        trainer.Fit(second, batches);
        trainer.Fit(otherSeed, batches);

        var a = first.Parameters().ToList();
        var b = second.Parameters().ToList();
        var c = otherSeed.Parameters().ToList();
        Assert.All(a.Zip(b), pair => Assert.True(pair.First.eq(pair.Second).all().item<bool>(), "same seed gave different weights"));
        Assert.Contains(a.Zip(c), pair => !pair.First.eq(pair.Second).all().item<bool>());
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void SaveLoad_TrainedModel_ReloadGivesIdenticalPredictions(string name)
    {
        using var batch = SyntheticLtv.Batch(256, seed: 3);
        var buckets = SyntheticLtv.Edges(batch);
        string path = Path.Combine(Path.GetTempPath(), $"ccornet-{name}-{Guid.NewGuid():N}.bin");
        try
        {
            using var trained = LtvModelFactory.Create(name, SyntheticLtv.Layout, buckets, seed: 1);
            new Trainer(new TrainerOptions(Epochs: 2, Seed: 1)).Fit(trained, batch.Split(64));
            trained.Save(path);
            using var reloaded = LtvModelFactory.Create(name, SyntheticLtv.Layout, buckets, seed: 2);
            var before = reloaded.Predict(batch);
            reloaded.Load(path);

            var expected = trained.Predict(batch);
            var actual = reloaded.Predict(batch);

            Assert.NotEqual(expected.LtvExpected, before.LtvExpected);
            Assert.Equal(expected.LtvPred, actual.LtvPred);
            Assert.Equal(expected.LtvExpected, actual.LtvExpected);
            Assert.Equal(expected.Bucket, actual.Bucket);
            Assert.Equal(expected.BucketProbabilities, actual.BucketProbabilities);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Load_WeightsOfAnotherArchitecture_Throws()
    {
        using var batch = SyntheticLtv.Batch(64, seed: 3);
        var buckets = SyntheticLtv.Edges(batch);
        string path = Path.Combine(Path.GetTempPath(), $"ccornet-strict-{Guid.NewGuid():N}.bin");
        try
        {
            using var ziln = LtvModelFactory.Create("ziln", SyntheticLtv.Layout, buckets);
            ziln.Save(path);
            using var ccornet = LtvModelFactory.Create("ccornet", SyntheticLtv.Layout, buckets);

            Assert.ThrowsAny<Exception>(() => ccornet.Load(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Predict_InTrainingMode_SameResultTwiceAndModeRestored()
    {
        using var batch = SyntheticLtv.Batch(128, seed: 8);
        using var model = (CcOrNetModel)LtvModelFactory.Create("ccornet", SyntheticLtv.Layout, SyntheticLtv.Edges(batch), seed: 8);
        model.SetTraining(true);

        var first = model.Predict(batch);
        var second = model.Predict(batch);

        Assert.Equal(first.LtvExpected, second.LtvExpected);
        Assert.True(model.training);
    }

    [Fact]
    public void Create_UnknownName_ListsValidNames()
    {
        using var batch = SyntheticLtv.Batch(32, seed: 1);
        var error = Assert.Throws<ArgumentException>(() => LtvModelFactory.Create("xgboost", SyntheticLtv.Layout, SyntheticLtv.Edges(batch)));
        Assert.Contains("ccornet, ordinal, ziln, logmse, twostage", error.Message);
    }

    [Fact]
    public void Create_InvalidOptions_ListsEveryBrokenRule()
    {
        using var batch = SyntheticLtv.Batch(32, seed: 1);
        var options = new ModelOptions(new EncoderOptions(HiddenSize: 0), new CcOrNetOptions(ResidualWeight: -1, AugmentationCopies: 0));

        var error = Assert.Throws<ArgumentException>(() => LtvModelFactory.Create("ccornet", SyntheticLtv.Layout, SyntheticLtv.Edges(batch), options));

        Assert.Contains("HiddenSize", error.Message);
        Assert.Contains("ResidualWeight", error.Message);
        Assert.Contains("AugmentationCopies", error.Message);
    }

    [Fact]
    public void Loss_BatchWithoutLabels_SaysLabelsAreNeeded()
    {
        using var batch = SyntheticLtv.Batch(32, seed: 1);
        using var unlabelled = SyntheticLtv.Batch(32, seed: 1, withLabels: false);
        using var model = LtvModelFactory.Create("ccornet", SyntheticLtv.Layout, SyntheticLtv.Edges(batch));

        var error = Assert.Throws<InvalidOperationException>(() => model.Loss(unlabelled));
        Assert.Contains("no Label", error.Message);
    }
}
