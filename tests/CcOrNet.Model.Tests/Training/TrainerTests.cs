using CcOrNet.Model.Models;
using CcOrNet.Model.Tests.Support;
using CcOrNet.Model.Training;
using TorchSharp;

namespace CcOrNet.Model.Tests.Training;

/// <summary>Every model learns the synthetic task's signal (spend grows with numeric feature 0).</summary>
[Collection("Torch")]
public sealed class TrainerTests
{
    public static TheoryData<string> Names => new(LtvModelFactory.Names);

    [Theory]
    [MemberData(nameof(Names))]
    public void Fit_SyntheticSignal_HeldOutLossDecreases(string name)
    {
        using var train = SyntheticLtv.Batch(2048, seed: 21);
        using var heldOut = SyntheticLtv.Batch(512, seed: 22);
        using var model = LtvModelFactory.Create(name, SyntheticLtv.Layout, SyntheticLtv.Edges(train), seed: 3);
        double before = EvaluationLoss(model, heldOut);

        var result = new Trainer(new TrainerOptions(Epochs: 4, LearningRate: 3e-3, Seed: 3)).Fit(model, train.Split(256));

        double after = EvaluationLoss(model, heldOut);
        Assert.True(after < before * 0.9, $"{name}: held-out loss {before:F4} -> {after:F4}");
        Assert.True(result.EpochLosses[^1] < result.EpochLosses[0], $"{name}: epoch losses {string.Join(", ", result.EpochLosses)}");
    }

    [Fact]
    public void Fit_CcOrNet_RanksHeldOutUsersFarBetterThanTheMean()
    {
        using var train = SyntheticLtv.Batch(4096, seed: 31);
        using var heldOut = SyntheticLtv.Batch(1024, seed: 32);
        using var model = LtvModelFactory.Create("ccornet", SyntheticLtv.Layout, SyntheticLtv.Edges(train), seed: 3);
        new Trainer(new TrainerOptions(Epochs: 6, LearningRate: 3e-3, Seed: 3)).Fit(model, train.Split(256));

        var prediction = model.Predict(heldOut);
        var labels = SyntheticLtv.Labels(heldOut);
        var mean = Enumerable.Repeat(labels.Average(), labels.Length).ToArray();

        double modelRho = Ranking.Spearman(prediction.LtvExpected, labels);
        double meanRho = Ranking.Spearman(mean, labels);
        Assert.Equal(0, meanRho);
        Assert.True(modelRho > 0.6, $"Spearman of ltv_expected {modelRho:F3}");
        double payerAccuracy = Enumerable.Range(0, labels.Length).Count(u => (prediction.PPayer[u] > 0.5) == (labels[u] > 1e-6)) / (double)labels.Length;
        Assert.True(payerAccuracy > 0.75, $"payer accuracy {payerAccuracy:F3}");
    }

    [Fact]
    public void Fit_ReportsProgressPerEpochWithEveryTerm()
    {
        using var train = SyntheticLtv.Batch(256, seed: 41);
        using var model = LtvModelFactory.Create("ccornet", SyntheticLtv.Layout, SyntheticLtv.Edges(train), seed: 3);
        var reports = new List<TrainingProgress>();

        new Trainer(new TrainerOptions(Epochs: 2)).Fit(model, train.Split(128), new SynchronousProgress(reports));

        Assert.Equal([1, 2], reports.Select(r => r.Epoch));
        Assert.Equal(["cascade", "distill", "residual", "highvalue"], reports[0].MeanTerms.Keys);
    }

    [Fact]
    public void TrainerOptions_Invalid_ListsEveryRule()
    {
        var error = Assert.Throws<ArgumentException>(() => new Trainer(new TrainerOptions(Epochs: 0, LearningRate: 0)));
        Assert.Contains("Epochs", error.Message);
        Assert.Contains("LearningRate", error.Message);
    }

    private static double EvaluationLoss(ILtvModel model, CcOrNet.Model.Data.FeatureBatch batch)
    {
        model.SetTraining(false);
        using var noGrad = torch.no_grad();
        using var loss = model.Loss(batch);
        return loss.Total.item<float>();
    }

    private sealed class SynchronousProgress(List<TrainingProgress> reports) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => reports.Add(value);
    }
}
