using CcOrNet.Model.Models;
using CcOrNet.Model.Options;
using CcOrNet.Model.Tests.Support;
using CcOrNet.Model.Training;
using TorchSharp;

namespace CcOrNet.Model.Tests.Models;

/// <summary>Predict's inference path (inference mode, shortcuts) against the plain forward pass, for every model kind.</summary>
[Collection("Torch")]
public sealed class InferencePathTests
{
    public static TheoryData<string, string> Cases => new()
    {
        { "ccornet", "default" },
        { "ccornet", "exceedance" },
        { "ccornet", "argmax" },
        { "ccornet", "noaugmentation" },
        { "ccornet", "noresidual" },
        { "ordinal", "default" },
        { "ziln", "default" },
        { "logmse", "default" },
        { "twostage", "default" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Predict_TrainedAndCalibratedModel_EqualsPlainForwardToFloatRounding(string name, string variant)
    {
        using var train = SyntheticLtv.Batch(512, seed: 21);
        using var score = SyntheticLtv.Batch(700, seed: 22, withLabels: false);
        var buckets = SyntheticLtv.Edges(train);
        using var model = LtvModelFactory.Create(name, SyntheticLtv.Layout, buckets, Options(variant), seed: 3);
        new Trainer(new TrainerOptions(Epochs: 2, Seed: 3)).Fit(model, train.Split(128));
        model.CalibrateValues(train.Split(128));
        model.SetTraining(false);

        Predictions plain;
        using (torch.no_grad())
        using (torch.NewDisposeScope())
            plain = Predictions.From(((LtvModelBase)model).Outputs(score));
        var fast = model.Predict(score);

        Assert.Equal(plain.Bucket, fast.Bucket);
        AssertClose(plain.LtvPred, fast.LtvPred, "ltv_pred");
        AssertClose(plain.LtvExpected, fast.LtvExpected, "ltv_expected");
        AssertClose(plain.PPayer, fast.PPayer, "p_payer");
        AssertClose(plain.WhaleScore, fast.WhaleScore, "whale_score");
        for (int b = 0; b < buckets.BucketCount; b++) AssertClose(plain.BucketProbabilities[b], fast.BucketProbabilities[b], $"p_bucket_{b}");
        Assert.Contains(fast.LtvExpected, v => v > 0);
    }

    [Fact]
    public void Predict_ModelInTrainingMode_ReturnsToTrainingMode()
    {
        using var batch = SyntheticLtv.Batch(64, seed: 5, withLabels: false);
        using var model = LtvModelFactory.Create("ccornet", SyntheticLtv.Layout, SyntheticLtv.Edges(SyntheticLtv.Batch(256, seed: 4)), seed: 5);
        model.SetTraining(true);

        var first = model.Predict(batch);
        var second = model.Predict(batch);

        Assert.True(((torch.nn.Module)model).training);
        Assert.Equal(first.LtvExpected, second.LtvExpected);
    }

    private static void AssertClose(float[] expected, float[] actual, string column)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-6 + 2e-5 * Math.Abs(expected[i]),
                $"{column}[{i}]: plain forward {expected[i]}, inference path {actual[i]}");
    }

    private static ModelOptions Options(string variant) => variant switch
    {
        "exceedance" => new ModelOptions(CcOrNet: new CcOrNetOptions(Rule: BucketRule.Exceedance)),
        "argmax" => new ModelOptions(CcOrNet: new CcOrNetOptions(Rule: BucketRule.Argmax)),
        "noresidual" => new ModelOptions(CcOrNet: new CcOrNetOptions(UseResidual: false)),
        "noaugmentation" => new ModelOptions(CcOrNet: new CcOrNetOptions(UseAugmentation: false)),
        _ => new ModelOptions(),
    };
}
