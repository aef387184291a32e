using CcOrNet.Core.Metrics;

namespace CcOrNet.Core.Tests.Metrics;

public class BusinessMetricsTests
{
    [Fact]
    public void Compute_Sva_HandWorkedStrata()
    {
        // Strata with t_1 = 1e-6 and split 10: zero (<= 1e-6), low (<= 10), high (> 10).
        // y    = [0, 0, 3, 10, 12, 40] -> zero, zero, low, low (10 is not above 10), high, high
        // yhat = [0, 2, 0,  9, 11,  5] -> zero, low,  zero, low, high, low
        // Same stratum: u0, u3, u4 -> 3 / 6.
        var report = MetricsReport.Compute([0, 0, 3, 10, 12, 40], [0, 2, 0, 9, 11, 5], TestContexts.FourBuckets(svaThreshold: 10));

        Assert.Equal(0.5, report.Business.Sva, 12);
        Assert.Equal(10, report.Business.SvaThreshold);
    }

    [Fact]
    public void Compute_Sva_ThresholdComesFromContext()
    {
        // Same data with the split at 4: y strata zero, zero, low, high, high, high;
        // yhat strata zero, low, zero, high, high, high -> same for u0, u3, u4, u5 -> 4 / 6.
        var report = MetricsReport.Compute([0, 0, 3, 10, 12, 40], [0, 2, 0, 9, 11, 5], TestContexts.FourBuckets(svaThreshold: 4));

        Assert.Equal(4.0 / 6, report.Business.Sva, 12);
    }

    [Fact]
    public void Compute_TiesAtBothCuts_RecallAndValueCapturedAreExpectations()
    {
        // n = 8, k = 25% -> top 2 by score; whales = top 25% = 2 users by y.
        // y     = [0, 0, 1, 2, 5, 5, 5, 20] (total 38)
        // score = [0, 0, 0, 3, 3, 1, 1, 3]
        // Whales: u7 (20) surely; one of the three users with y = 5 (u4, u5, u6) -> each 1/3.
        // Targeted: the 3-way tie at score 3 (u3, u4, u7) holds 2 slots -> each 2/3.
        // Expected whales found: u3 2/3 * 0 + u4 2/3 * 1/3 + u7 2/3 * 1 = 2/9 + 6/9 = 8/9 -> recall 8/9 / 2 = 4/9.
        // Expected value captured: 2/3 * (2 + 5 + 20) = 18 -> 18 / 38.
        var context = TestContexts.FourBuckets() with { TopFraction = 0.25, WhaleFraction = 0.25 };

        var b = MetricsReport.Compute([0, 0, 1, 2, 5, 5, 5, 20], [0, 0, 0, 3, 3, 1, 1, 3], context).Business;

        Assert.Equal(2, b.TopCount);
        Assert.Equal(2, b.WhaleCount);
        Assert.Equal(4.0 / 9, b.WhaleRecallAtK, 12);
        Assert.Equal(18.0 / 38, b.ValueCapturedAtK, 12);
    }

    [Fact]
    public void Compute_DistinctScores_RecallCountsWhalesInTopK()
    {
        // n = 10, k = 20% -> top 2 by score: u9 (score 9), u8 (8). Whales 20% -> 2: u0 (100), u9 (50).
        // Found: u9 -> recall 1/2. Value captured: (50 + 8) / (100 + 50 + 8 + 7 * 1) = 58 / 165.
        double[] actual = [100, 1, 1, 1, 1, 1, 1, 1, 8, 50];
        double[] score = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
        var context = TestContexts.FourBuckets() with { TopFraction = 0.2, WhaleFraction = 0.2 };

        var b = MetricsReport.Compute(actual, score, context).Business;

        Assert.Equal(0.5, b.WhaleRecallAtK, 12);
        Assert.Equal(58.0 / 165, b.ValueCapturedAtK, 12);
    }

    [Fact]
    public void Compute_AllScoresEqual_RecallAndCaptureEqualTargetedShare()
    {
        // A constant score targets every user with probability 3/10, so each whale is found with 3/10 and
        // 3/10 of the value is captured, whatever the data.
        double[] actual = [0, 0, 4, 0, 9, 1, 0, 30, 2, 0];
        var context = TestContexts.FourBuckets() with { TopFraction = 0.3, WhaleFraction = 0.2 };

        var b = MetricsReport.Compute(actual, new double[10], context).Business;

        Assert.Equal(0.3, b.WhaleRecallAtK, 12);
        Assert.Equal(0.3, b.ValueCapturedAtK, 12);
    }

    [Fact]
    public void Compute_FewerPayersThanWhaleSlots_WhalesAreOnlyPayers()
    {
        // 25% of 8 = 2 whale slots but one payer: the whale set is u7 alone, found by the top-2 score.
        var context = TestContexts.FourBuckets() with { TopFraction = 0.25, WhaleFraction = 0.25 };

        var b = MetricsReport.Compute([0, 0, 0, 0, 0, 0, 0, 7], [0, 0, 0, 0, 0, 0, 1, 2], context).Business;

        Assert.Equal(1, b.WhaleCount);
        Assert.Equal(1, b.WhaleRecallAtK, 12);
        Assert.Equal(1, b.ValueCapturedAtK, 12);
    }

    [Theory]
    [InlineData(0.01, 100, 1)]
    [InlineData(0.01, 50, 1)]     // ceil(.5)
    [InlineData(0.07, 100, 7)]    // 0.07 * 100 is 7.000000000000001 in floating point
    [InlineData(0.01, 10_000_000, 100_000)]
    [InlineData(1.0, 3, 3)]
    [InlineData(0.25, 8, 2)]
    [InlineData(0.3, 8, 3)]       // ceil(2.4)
    public void CountFor_Fraction_IsCeilingOfShareAtLeastOne(double fraction, int n, int expected)
    {
        Assert.Equal(expected, TopCut.CountFor(fraction, n));
    }
}
