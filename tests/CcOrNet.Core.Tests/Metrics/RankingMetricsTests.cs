using CcOrNet.Core.Metrics;

namespace CcOrNet.Core.Tests.Metrics;

/// <summary>
/// Gini and Spearman on hand-worked cases. Pencil method for the Gini: order users by prediction (highest
/// first), write the cumulative value shares L(1..n), then area A = (sum L - 1/2) / n and G = 2A - 1; inside a
/// tie group every member gets the group's mean value.
/// </summary>
public class RankingMetricsTests
{
    // Four users; two pay 10 and 30. T = 40.
    private static readonly double[] Actual = [0, 0, 10, 30];

    [Fact]
    public void Compute_HandWorkedOrder_GiniAndSpearmanMatchPencil()
    {
        // Prediction order (desc): u2 (y 10), u3 (y 30), u1 (0), u0 (0).
        // L = 10/40, 40/40, 1, 1 = .25, 1, 1, 1 -> sum 3.25; A = 2.75 / 4 = .6875; G = .375.
        // Perfect order 30, 10, 0, 0: L = .75, 1, 1, 1 -> sum 3.75; A = .8125; G_perfect = .625.
        // Normalised = .375 / .625 = .6.
        // Spearman: ranks y = [1.5, 1.5, 3, 4], ranks p = [1, 2, 4, 3], mean 2.5.
        // Deviations y: -1, -1, .5, 1.5; p: -1.5, -.5, 1.5, .5.
        // cov = 1.5 + .5 + .75 + .75 = 3.5; var y = 1 + 1 + .25 + 2.25 = 4.5; var p = 2.25 + .25 + 2.25 + .25 = 5.
        // rho = 3.5 / sqrt(22.5).
        var report = MetricsReport.Compute(Actual, [1, 2, 4, 3], TestContexts.FourBuckets());

        Assert.Equal(4, report.Ranking.Count);
        Assert.Equal(0.375, report.Ranking.GiniRaw, 12);
        Assert.Equal(0.625, report.Ranking.GiniPerfect, 12);
        Assert.Equal(0.6, report.Ranking.GiniNormalized, 12);
        Assert.Equal(3.5 / Math.Sqrt(22.5), report.Ranking.Spearman, 12);
    }

    [Fact]
    public void Compute_WhaleTiedWithNonPayers_TieIsNotBrokenInModelsFavour()
    {
        // Predictions [0, 0, 5, 0]: u2 (y 10) first, then the tie group {u0, u1, u3} with values 0, 0, 30, mean 10.
        // Expected L = .25, .5, .75, 1 -> sum 2.5; A = 2 / 4 = .5; G = 0, normalised 0.
        // Check by brute force over the three places of the whale inside the group:
        //   2nd: .25, 1, 1, 1 = 3.25;  3rd: .25, .25, 1, 1 = 2.5;  4th: .25, .25, .25, 1 = 1.75; mean 2.5.
        // Putting the whale first in its group (in the model's favour) would give G = .375, normalised .6.
        var report = MetricsReport.Compute(Actual, [0, 0, 5, 0], TestContexts.FourBuckets());

        Assert.Equal(0, report.Ranking.GiniRaw, 12);
        Assert.Equal(0, report.Ranking.GiniNormalized, 12);
    }

    [Fact]
    public void Compute_TiedPredictionPairs_GiniUsesGroupMeansAndSpearmanAverageRanks()
    {
        // y = [1, 2, 3, 4] (T = 10), predictions [0, 0, 1, 1]: groups {u2, u3} mean 3.5 then {u0, u1} mean 1.5.
        // L = .35, .70, .85, 1 -> sum 2.9; A = 2.4 / 4 = .6; G = .2.
        // Perfect 4, 3, 2, 1: L = .4, .7, .9, 1 -> sum 3; A = .625; G = .25. Normalised .8.
        // Spearman: ranks y 1..4 (dev -1.5, -.5, .5, 1.5), ranks p 1.5, 1.5, 3.5, 3.5 (dev -1, -1, 1, 1).
        // cov = 1.5 + .5 + .5 + 1.5 = 4; var y = 5; var p = 4; rho = 4 / sqrt(20).
        var report = MetricsReport.Compute([1, 2, 3, 4], [0, 0, 1, 1], TestContexts.FourBuckets());

        Assert.Equal(0.2, report.Ranking.GiniRaw, 12);
        Assert.Equal(0.25, report.Ranking.GiniPerfect, 12);
        Assert.Equal(0.8, report.Ranking.GiniNormalized, 12);
        Assert.Equal(4 / Math.Sqrt(20), report.Ranking.Spearman, 12);
    }

    [Fact]
    public void Compute_AllPredictionsEqual_NormalisedGiniZeroAndSpearmanUndefined()
    {
        var report = MetricsReport.Compute(Actual, [7, 7, 7, 7], TestContexts.FourBuckets());

        Assert.Equal(0, report.Ranking.GiniNormalized, 12);
        Assert.True(double.IsNaN(report.Ranking.Spearman));
    }

    [Fact]
    public void Compute_PerfectOrder_NormalisedGiniAndSpearmanOne()
    {
        var report = MetricsReport.Compute(Actual, [0.1, 0.2, 3, 9], TestContexts.FourBuckets());

        Assert.Equal(1, report.Ranking.GiniNormalized, 12);
        // y has a tie (two zeros) the prediction splits, so rho is just below 1:
        // ranks y [1.5, 1.5, 3, 4], p [1, 2, 3, 4]; cov = 1.5 + .5 + .25 + 2.25 = 4.5, var y 4.5, var p 5 -> 4.5 / sqrt(22.5).
        Assert.Equal(4.5 / Math.Sqrt(22.5), report.Ranking.Spearman, 12);
    }

    [Fact]
    public void Compute_ReversedOrder_NormalisedGiniMinusOne()
    {
        // Order u0, u1 (0, 0), u2 (10), u3 (30): L = 0, 0, .25, 1 -> sum 1.25; A = .1875; G = -.625 = -G_perfect.
        var report = MetricsReport.Compute(Actual, [4, 3, 2, 1], TestContexts.FourBuckets());

        Assert.Equal(-0.625, report.Ranking.GiniRaw, 12);
        Assert.Equal(-1, report.Ranking.GiniNormalized, 12);
        Assert.True(report.Ranking.Spearman < 0);
    }

    [Fact]
    public void Compute_Positives_RankOnlyPayers()
    {
        // Payers y = [10, 30] with predictions [4, 3]: order 10 then 30: L = .25, 1 -> A = .375, G = -.25.
        // Perfect 30 then 10: L = .75, 1 -> A = .625, G = .25. Normalised -1, Spearman -1.
        var report = MetricsReport.Compute(Actual, [1, 2, 4, 3], TestContexts.FourBuckets());

        Assert.Equal(2, report.RankingPositive.Count);
        Assert.Equal(-0.25, report.RankingPositive.GiniRaw, 12);
        Assert.Equal(0.25, report.RankingPositive.GiniPerfect, 12);
        Assert.Equal(-1, report.RankingPositive.GiniNormalized, 12);
        Assert.Equal(-1, report.RankingPositive.Spearman, 12);
    }

    [Fact]
    public void Compute_RankingScoreGiven_RanksByItNotByPredictedValue()
    {
        // Values say u2 > u3 (Gini .375 above); the ranking score says u3 > u2: the perfect order, normalised 1.
        var context = TestContexts.FourBuckets() with { RankingScore = [0, 0, 1, 2] };

        var report = MetricsReport.Compute(Actual, [1, 2, 4, 3], context);

        Assert.Equal(1, report.Ranking.GiniNormalized, 12);
    }

    [Fact]
    public void Compute_NoPayers_RankingUndefined()
    {
        var report = MetricsReport.Compute([0, 0, 0], [1, 2, 3], TestContexts.FourBuckets());

        Assert.True(double.IsNaN(report.Ranking.GiniNormalized));
        Assert.Equal(0, report.RankingPositive.Count);
        Assert.True(double.IsNaN(report.RankingPositive.Spearman));
    }

    [Fact]
    public void Compute_ScalingScoreByPositiveConstant_LeavesRankingMetricsUnchanged()
    {
        var random = new Random(20260123);
        var actual = new double[200];
        var predicted = new double[200];
        for (var i = 0; i < actual.Length; i++)
        {
            actual[i] = random.Next(4) == 0 ? random.Next(1, 50) : 0;
            predicted[i] = random.Next(0, 12) / 4.0; // many ties
        }
        var scaled = predicted.Select(p => p * 3.5).ToArray();
        var context = TestContexts.FourBuckets();

        var original = MetricsReport.Compute(actual, predicted, context);
        var rescaled = MetricsReport.Compute(actual, predicted, context with { RankingScore = scaled });

        Assert.Equal(original.Ranking, rescaled.Ranking);
        Assert.Equal(original.RankingPositive, rescaled.RankingPositive);
        Assert.Equal(original.Classification.PayerAuc, rescaled.Classification.PayerAuc);
        Assert.Equal(original.Business.WhaleRecallAtK, rescaled.Business.WhaleRecallAtK);
        Assert.Equal(original.Business.ValueCapturedAtK, rescaled.Business.ValueCapturedAtK);
    }
}
