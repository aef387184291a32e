using CcOrNet.Model.Losses;
using CcOrNet.Model.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace CcOrNet.Model.Tests.Modules;

[Collection("Torch")]
public sealed class CumulativeLinkHeadTests
{
    [Fact]
    public void Forward_CascadeOfItsLogits_IsSigmoidOfScoreMinusEachCutpoint()
    {
        torch.manual_seed(3);
        using var scope = NewDisposeScope();
        using var head = new CumulativeLinkHead(inputSize: 6, edgeCount: 4, hidden: 5);
        RandomiseGaps(head, seed: 4);
        var h = torch.randn(64, 6) * 3;

        var exceedance = CascadeMath.Exceedance(head.forward(h));

        var expected = torch.sigmoid(head.Score(h).unsqueeze(1) - head.Cutpoints().unsqueeze(0));
        Assert.Equal([64L, 4L], exceedance.shape);
        Assert.True(torch.allclose(expected, exceedance, rtol: 1e-4, atol: 1e-6),
            $"max difference {(expected - exceedance).abs().max().item<float>()}");
    }

    [Fact]
    public void Cutpoints_GapParametersFarNegative_StayStrictlyIncreasingAndLogitsFinite()
    {
        using var scope = NewDisposeScope();
        using var head = new CumulativeLinkHead(inputSize: 3, edgeCount: 3, hidden: 4);
        using (torch.no_grad())
            head.named_parameters().Single(p => p.name == "cutpoint_gaps").parameter.fill_(-50);
        // Scores far on both sides: the conditional logits must stay finite (no log 0, no inf - inf).
        var h = torch.tensor(new float[] { -400, 0, 400, 400, 0, -400 }, [2, 3]);

        var cutpoints = head.Cutpoints().data<float>().ToArray();
        var logits = head.forward(h);

        Assert.All(cutpoints.Zip(cutpoints.Skip(1)), pair => Assert.True(pair.Second - pair.First >= CumulativeLinkHead.MinimumGap * 0.99));
        Assert.True(torch.isfinite(logits).all().item<bool>(), string.Join(", ", logits.data<float>().ToArray()));
    }

    [Fact]
    public void Backward_CascadeLoss_ReachesScoreAndEveryCutpoint()
    {
        torch.manual_seed(8);
        using var scope = NewDisposeScope();
        using var head = new CumulativeLinkHead(inputSize: 4, edgeCount: 3, hidden: 4);
        var h = torch.randn(32, 4);
        var label = torch.tensor(Enumerable.Range(0, 32).Select(i => (float)(i % 4 == 0 ? 0 : i * 10)).ToArray());
        var buckets = new CcOrNet.Model.Buckets.BucketEdges([1e-6, 50, 200], TopUpper: 1000);

        LtvLosses.Cascade(head.forward(h), label, buckets).backward();

        foreach (var (name, parameter) in head.named_parameters())
            Assert.True(parameter.grad is not null && parameter.grad.abs().sum().item<float>() > 0, $"no gradient reaches {name}");
    }

    private static void RandomiseGaps(CumulativeLinkHead head, int seed)
    {
        var generator = new Generator((ulong)seed);
        using var noGrad = torch.no_grad();
        foreach (var (name, parameter) in head.named_parameters())
            if (name is "cutpoint_gaps" or "first_cutpoint") parameter.copy_(torch.randn(parameter.shape, generator: generator) * 2);
    }
}
