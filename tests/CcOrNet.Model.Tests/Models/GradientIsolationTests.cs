using CcOrNet.Model.Models;
using CcOrNet.Model.Options;
using CcOrNet.Model.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace CcOrNet.Model.Tests.Models;

/// <summary>Stop-gradients: the residual and high-value losses never train the cascade; the high-value head never trains the encoder.</summary>
[Collection("Torch")]
public sealed class GradientIsolationTests
{
    [Fact]
    public void ResidualLoss_Backward_NoGradientOnCascadeButEncoderLearns()
    {
        var gradients = GradientNormsAfterBackward("residual");

        Assert.Equal(0, gradients["cascade"]);
        Assert.True(gradients["residual"] > 0);
        Assert.True(gradients["encoder"] > 0, "by design the residual loss also trains the encoder");
        Assert.Equal(0, gradients["high_value"]);
    }

    [Fact]
    public void ResidualLoss_DetachResidualInput_EncoderGetsNoGradient()
    {
        var gradients = GradientNormsAfterBackward("residual", new CcOrNetOptions(DetachResidualInput: true));

        Assert.Equal(0, gradients["encoder"]);
        Assert.Equal(0, gradients["cascade"]);
        Assert.True(gradients["residual"] > 0);
    }

    [Fact]
    public void HighValueLoss_Backward_NoGradientOnCascadeOrEncoder()
    {
        var gradients = GradientNormsAfterBackward("highvalue");

        Assert.Equal(0, gradients["cascade"]);
        Assert.Equal(0, gradients["encoder"]);
        Assert.Equal(0, gradients["residual"]);
        Assert.True(gradients["high_value"] > 0);
    }

    [Fact]
    public void CascadeAndDistillationLosses_Backward_TrainOnlyEncoderAndCascade()
    {
        foreach (string term in new[] { "cascade", "distill" })
        {
            var gradients = GradientNormsAfterBackward(term);

            Assert.True(gradients["cascade"] > 0, term);
            Assert.True(gradients["encoder"] > 0, term);
            Assert.Equal(0, gradients["residual"]);
            Assert.Equal(0, gradients["high_value"]);
        }
    }

    /// <summary>Backward one loss term on a batch with users in every bucket; gradient norm per top-level component.</summary>
    private static Dictionary<string, double> GradientNormsAfterBackward(string term, CcOrNetOptions? options = null)
    {
        using var batch = SyntheticLtv.Batch(512, seed: 5);
        var buckets = SyntheticLtv.Edges(batch);
        using var model = (CcOrNetModel)LtvModelFactory.Create("ccornet", SyntheticLtv.Layout, buckets, new ModelOptions(CcOrNet: options), seed: 5);
        model.SetTraining(true);
        using (var scope = NewDisposeScope())
        {
            var terms = model.LossTerms(batch);
            terms.Single(t => t.Name == term).Value.backward();
        }

        var norms = new Dictionary<string, double> { ["encoder"] = 0, ["cascade"] = 0, ["residual"] = 0, ["high_value"] = 0 };
        foreach (var (name, parameter) in model.named_parameters())
        {
            string component = name[..name.IndexOf('.')];
            var grad = parameter.grad;
            if (grad is not null) norms[component] += grad.abs().sum().item<float>();
        }
        return norms;
    }
}
