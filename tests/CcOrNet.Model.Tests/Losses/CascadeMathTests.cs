using CcOrNet.Model.Buckets;
using CcOrNet.Model.Losses;
using CcOrNet.Model.Options;
using CcOrNet.Model.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace CcOrNet.Model.Tests.Losses;

[Collection("Torch")]
public sealed class CascadeMathTests
{
    [Theory]
    [InlineData(1, 1.0)]
    [InlineData(2, 8.0)]
    [InlineData(3, 30.0)]
    public void BucketProbabilities_RandomLogits_OrdinalByConstruction(int seed, double scale)
    {
        torch.manual_seed(seed);
        using var scope = NewDisposeScope();
        var logits = torch.randn(2000, 5) * scale;

        var exceedance = CascadeMath.Exceedance(logits);
        var p = CascadeMath.BucketProbabilities(logits);

        Assert.True((exceedance.narrow(1, 1, 4) <= exceedance.narrow(1, 0, 4)).all().item<bool>(), "E_k increased with k");
        Assert.True((p >= 0).all().item<bool>(), "negative bucket probability");
        Assert.True(torch.allclose(p.sum(1), torch.ones(2000), atol: 1e-5));
        Assert.True(torch.allclose(p.select(1, 0), 1 - exceedance.select(1, 0), atol: 1e-6));
        Assert.True(torch.allclose(p.select(1, 5), exceedance.select(1, 4)));
    }

    [Fact]
    public void PredictedBucket_ExceedanceRule_CountsExceedancesAtLeastHalf()
    {
        using var scope = NewDisposeScope();
        var exceedance = torch.tensor(new float[] { 0.9f, 0.6f, 0.4f, 0.3f, 0.2f, 0.1f }, [2, 3]);
        var p = CascadeMath.BucketProbabilitiesFromExceedance(exceedance);

        var byExceedance = CascadeMath.PredictedBucket(p, exceedance, BucketRule.Exceedance);
        var byArgmax = CascadeMath.PredictedBucket(p, exceedance, BucketRule.Argmax);

        Assert.Equal([2L, 0L], byExceedance.data<long>().ToArray());
        // p rows: [0.1, 0.3, 0.2, 0.4] and [0.7, 0.1, 0.1, 0.1].
        Assert.Equal([3L, 0L], byArgmax.data<long>().ToArray());
    }

    [Fact]
    public void PredictedBucket_CalibratedRule_HighestEdgeWhoseThresholdIsReached()
    {
        using var scope = NewDisposeScope();
        var exceedance = torch.tensor(new float[] { 0.9f, 0.6f, 0.4f, 0.3f, 0.2f, 0.1f, 0.05f, 0.04f, 0.03f }, [3, 3]);
        var p = CascadeMath.BucketProbabilitiesFromExceedance(exceedance);
        var thresholds = torch.tensor(new float[] { 0.25f, 0.15f, 0.35f });

        var calibrated = CascadeMath.PredictedBucket(p, exceedance, BucketRule.Calibrated, thresholds);
        var unfitted = CascadeMath.PredictedBucket(p, exceedance, BucketRule.Calibrated);

        // Row 1: 0.9, 0.6, 0.4 all reach -> 3. Row 2: 0.3 >= 0.25, 0.2 >= 0.15, 0.1 < 0.35 -> 2. Row 3: none -> 0.
        Assert.Equal([3L, 2L, 0L], calibrated.data<long>().ToArray());
        Assert.Equal(CascadeMath.PredictedBucket(p, exceedance, BucketRule.Exceedance).data<long>().ToArray(), unfitted.data<long>().ToArray());
    }

    [Fact]
    public void Cascade_HeadsSeeOnlyUsersAtRisk()
    {
        using var scope = NewDisposeScope();
        var buckets = new BucketEdges([1e-6, 10], TopUpper: 100);
        var label = torch.tensor(new float[] { 0, 5, 50 });
        // Head 2 logits for the non-payer are absurd; they must not count because that user is not at risk.
        var logits = torch.tensor(new float[] { 0, 1000, 0, 0, 0, 0 }, [3, 2]);

        double loss = LtvLosses.Cascade(logits, label, buckets).item<float>();

        double ln2 = Math.Log(2);
        Assert.Equal(ln2 + ln2, loss, 4); // head 1: log 2 for each of 3 users; head 2: log 2 for each of 2 at risk.
    }

    [Fact]
    public void Distillation_MatchingMarginal_IsZeroAndMismatchPositive()
    {
        using var scope = NewDisposeScope();
        var trueBucket = torch.tensor(new long[] { 0, 0, 1, 2 });
        var matching = torch.tensor(new float[] { 0.5f, 0.25f, 0.25f }).expand(4, 3);
        var skewed = torch.tensor(new float[] { 0.1f, 0.1f, 0.8f }).expand(4, 3);

        Assert.Equal(0, LtvLosses.Distillation(matching, trueBucket, 3).item<float>(), 6);
        double expected = 0.5 * Math.Log(0.5 / 0.1) + 0.25 * Math.Log(0.25 / 0.1) + 0.25 * Math.Log(0.25 / 0.8);
        Assert.Equal(expected, LtvLosses.Distillation(skewed, trueBucket, 3).item<float>(), 5);
    }

    [Fact]
    public void Focal_GammaZero_EqualsBinaryCrossEntropy()
    {
        using var scope = NewDisposeScope();
        var logits = torch.tensor(new float[] { -2, 0.5f, 3 });
        var target = torch.tensor(new float[] { 0, 1, 0 });

        double focal = LtvLosses.Focal(logits, target, 0).item<float>();
        double focal2 = LtvLosses.Focal(logits, target, 2).item<float>();

        double bce = (Math.Log(1 + Math.Exp(-2)) + Math.Log(1 + Math.Exp(-0.5)) + Math.Log(1 + Math.Exp(3))) / 3;
        Assert.Equal(bce, focal, 5);
        Assert.True(focal2 < focal);
    }
    [Fact]
    public void WhaleValue_HandWorked_RelativeErrorAndRelativeSquaredError()
    {
        using var scope = NewDisposeScope();
        var value = torch.tensor(new float[] { 1, 4 });
        var label = torch.tensor(new float[] { 2, 2 });

        // (|1 - 2| / 2 + |4 - 2| / 2) / 2 = 0.75; ((1 - 2)^2 + (4 - 2)^2) / (2^2 + 2^2) = 0.625.
        Assert.Equal(0.75, LtvLosses.WhaleValue(value, label, WhaleValueLoss.RelativeError).item<float>(), 6);
        Assert.Equal(0.625, LtvLosses.WhaleValue(value, label, WhaleValueLoss.RelativeSquaredError).item<float>(), 6);
    }

    [Fact]
    public void WhaleValue_BestConstantOnHeavyTail_RelativeErrorFallsBelowTheMeanRelativeSquaredErrorHitsIt()
    {
        using var scope = NewDisposeScope();
        // Heavy-tailed whale labels: mean 1,500; median weighted by 1/y 500 (the weights 1/400 + 1/500 pass half of their sum).
        var label = torch.tensor(new float[] { 400, 500, 600, 1000, 5000 });
        var candidates = Enumerable.Range(1, 6000).Select(c => (float)c).ToArray();

        float Best(WhaleValueLoss loss) => candidates.MinBy(c => LtvLosses.WhaleValue(torch.full(5, c), label, loss).item<float>());

        Assert.Equal(1500f, Best(WhaleValueLoss.RelativeSquaredError), 1f);
        Assert.Equal(500f, Best(WhaleValueLoss.RelativeError), 1f);
    }
}
