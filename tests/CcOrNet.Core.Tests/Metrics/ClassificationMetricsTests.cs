using CcOrNet.Core.Metrics;

namespace CcOrNet.Core.Tests.Metrics;

public class ClassificationMetricsTests
{
    // Edges 1e-6, 10, 20 -> true buckets of y = [0, 0, 0, 5, 8, 15, 25, 40] are [0, 0, 0, 1, 1, 2, 3, 3].
    private static readonly double[] Actual = [0, 0, 0, 5, 8, 15, 25, 40];
    private static readonly double[] AnyPrediction = [0, 0, 0, 0, 0, 0, 0, 0];

    [Fact]
    public void Compute_GivenPredictedBuckets_HandWorkedConfusionAndScores()
    {
        // Predicted buckets [0, 1, 0, 1, 2, 2, 3, 2]. Confusion (rows true, columns predicted):
        //   true 0: u0, u2 -> 0; u1 -> 1            [2, 1, 0, 0]
        //   true 1: u3 -> 1; u4 -> 2                [0, 1, 1, 0]
        //   true 2: u5 -> 2                         [0, 0, 1, 0]
        //   true 3: u6 -> 3; u7 -> 2                [0, 0, 1, 1]
        // Accuracy: diagonal 2 + 1 + 1 + 1 = 5 of 8.
        // Bucket 0: TP 2, FP 0, FN 1 -> P 1, R 2/3, F1 = 4 / (4 + 0 + 1) = .8
        // Bucket 1: TP 1, FP 1, FN 1 -> P .5, R .5, F1 = 2 / 4 = .5
        // Bucket 2: TP 1, FP 2, FN 0 -> P 1/3, R 1, F1 = 2 / 4 = .5
        // Bucket 3: TP 1, FP 0, FN 1 -> P 1, R .5, F1 = 2 / 3
        // Macro F1 = (.8 + .5 + .5 + 2/3) / 4.
        var context = TestContexts.FourBuckets() with { PredictedBuckets = [0, 1, 0, 1, 2, 2, 3, 2] };

        var c = MetricsReport.Compute(Actual, AnyPrediction, context).Classification;

        Assert.Equal(0.625, c.BucketAccuracy, 12);
        Assert.Equal([2L, 1, 0, 0], c.ConfusionMatrix[0]);
        Assert.Equal([0L, 1, 1, 0], c.ConfusionMatrix[1]);
        Assert.Equal([0L, 0, 1, 0], c.ConfusionMatrix[2]);
        Assert.Equal([0L, 0, 1, 1], c.ConfusionMatrix[3]);
        Assert.Equal(3, c.Buckets[0].Support);
        Assert.Equal(2, c.Buckets[0].PredictedCount);
        Assert.Equal(1, c.Buckets[0].Precision, 12);
        Assert.Equal(2.0 / 3, c.Buckets[0].Recall, 12);
        Assert.Equal(0.8, c.Buckets[0].F1, 12);
        Assert.Equal(0.5, c.Buckets[1].Precision, 12);
        Assert.Equal(0.5, c.Buckets[1].F1, 12);
        Assert.Equal(1.0 / 3, c.Buckets[2].Precision, 12);
        Assert.Equal(1, c.Buckets[2].Recall, 12);
        Assert.Equal(0.5, c.Buckets[2].F1, 12);
        Assert.Equal(2, c.Buckets[3].Support);
        Assert.Equal(1, c.Buckets[3].PredictedCount);
        Assert.Equal(2.0 / 3, c.TopBucketF1, 12);
        Assert.Equal((0.8 + 0.5 + 0.5 + 2.0 / 3) / 4, c.MacroF1, 12);
    }

    [Fact]
    public void Compute_NoBucketsGiven_PredictedBucketIsBucketOfPredictedValue()
    {
        // yhat [0, 3, 0, 12, 9, 30, 21, 19] -> buckets [0, 1, 0, 2, 1, 3, 3, 2]; true [0, 0, 0, 1, 1, 2, 3, 3].
        // Correct: u0, u2, u4, u6 -> 4 / 8. Top bucket: TP 1 (u6), FP 1 (u5), FN 1 (u7) -> F1 = 2 / 4.
        var c = MetricsReport.Compute(Actual, [0, 3, 0, 12, 9, 30, 21, 19], TestContexts.FourBuckets()).Classification;

        Assert.Equal(0.5, c.BucketAccuracy, 12);
        Assert.Equal(0.5, c.TopBucketF1, 12);
    }

    [Fact]
    public void Compute_OnlyProbabilitiesGiven_PredictedBucketIsArgmaxLowestOnTie()
    {
        // One column per bucket. Argmax per user: u0 0; u1 tie .5/.5 between 0 and 1 -> 0 (lowest); u2 0;
        // u3 tie .45/.45 between 1 and 3 -> 1; u4 1; u5 2; u6 3; u7 3 = the true buckets, accuracy 1.
        // Breaking ties upwards would put u1 in 1 and u3 in 3, accuracy 6 / 8.
        double[][] probabilities =
        [
            [0.7, 0.5, 0.7, 0.1, 0.1, 0.1, 0.1, 0.1],
            [0.1, 0.5, 0.1, 0.45, 0.7, 0.1, 0.1, 0.1],
            [0.1, 0.0, 0.1, 0.0, 0.1, 0.7, 0.1, 0.1],
            [0.1, 0.0, 0.1, 0.45, 0.1, 0.1, 0.7, 0.7],
        ];
        var context = TestContexts.FourBuckets() with { BucketProbabilities = probabilities };

        var c = MetricsReport.Compute(Actual, AnyPrediction, context).Classification;

        Assert.Equal(1, c.BucketAccuracy, 12);
    }

    [Fact]
    public void Compute_TopBucketNeverPredicted_TopF1ZeroAndPrecisionUndefined()
    {
        var context = TestContexts.FourBuckets() with { PredictedBuckets = [0, 0, 0, 1, 1, 2, 2, 2] };

        var c = MetricsReport.Compute(Actual, AnyPrediction, context).Classification;

        Assert.Equal(0, c.TopBucketF1);
        Assert.True(double.IsNaN(c.Buckets[3].Precision));
        Assert.Equal(0, c.Buckets[3].Recall);
    }

    [Fact]
    public void Compute_PayerProbabilityWithTie_AucCountsTieAsHalf()
    {
        // Payers u2, u3 (y 10, 30) vs non-payers u0, u1. Scores [.2, .5, .5, .9].
        // Pairs: (u2 .5 > u0 .2) 1, (u2 .5 = u1 .5) 1/2, (u3 .9 > u0) 1, (u3 .9 > u1) 1 -> 3.5 / 4.
        var context = TestContexts.FourBuckets() with { PayerProbability = [0.2, 0.5, 0.5, 0.9] };

        var c = MetricsReport.Compute([0, 0, 10, 30], [0, 0, 0, 0], context).Classification;

        Assert.Equal(0.875, c.PayerAuc, 12);
    }

    [Fact]
    public void Compute_OnlyBucketProbabilities_PayerScoreIsOneMinusZeroBucket()
    {
        // p_0 = [.8, .5, .5, .1] -> payer scores [.2, .5, .5, .9]: the AUC of the test above, 3.5 / 4.
        double[][] probabilities = [[0.8, 0.5, 0.5, 0.1], [0.2, 0.5, 0.5, 0.9], [0, 0, 0, 0], [0, 0, 0, 0]];
        var context = TestContexts.FourBuckets() with { BucketProbabilities = probabilities };

        var c = MetricsReport.Compute([0, 0, 10, 30], [0, 0, 0, 0], context).Classification;

        Assert.Equal(0.875, c.PayerAuc, 12);
    }

    [Fact]
    public void Compute_NoPayerScoreGiven_AucRanksByPredictedValue()
    {
        // Payers u2 (y 10), u3 (y 30) scored by yhat [0, 3, 0, 8]. Pairs: (u2 0 = u0 0) 1/2,
        // (u2 0 < u1 3) 0, (u3 8 > u0 0) 1, (u3 8 > u1 3) 1 -> 2.5 / 4.
        var c = MetricsReport.Compute([0, 0, 10, 30], [0, 3, 0, 8], TestContexts.FourBuckets()).Classification;

        Assert.Equal(0.625, c.PayerAuc, 12);
    }

    [Fact]
    public void Compute_NoPayers_AucUndefined()
    {
        var c = MetricsReport.Compute([0, 0, 0], [0, 1, 2], TestContexts.FourBuckets()).Classification;

        Assert.True(double.IsNaN(c.PayerAuc));
    }

    [Fact]
    public void Compute_BucketProbabilities_TopBucketAucAndAveragePrecisionOfWhaleScore()
    {
        // True top bucket (y > 20): u6, u7. Whale score p_3 = [.1, .1, .2, .3, .6, .6, .6, .9].
        // AUC: u7 (.9) beats all 6 others; u6 (.6) beats 4, ties u4 and u5 (1/2 each) -> (6 + 5) / 12.
        // AP = mean precision at the positives: u7 first, precision 1; u6 at a random place in the tie {u4, u5, u6},
        // positions 2, 3, 4 -> precision (2/2 + 2/3 + 2/4) / 3 = 13/18 (1 if the tie were broken in its favour).
        // AP = (1 + 13/18) / 2 = 31/36.
        double[] top = [0.1, 0.1, 0.2, 0.3, 0.6, 0.6, 0.6, 0.9];
        double[][] probabilities = [top.Select(p => 1 - p).ToArray(), new double[8], new double[8], top];
        var context = TestContexts.FourBuckets() with { BucketProbabilities = probabilities };

        var c = MetricsReport.Compute(Actual, AnyPrediction, context).Classification;

        Assert.Equal(11.0 / 12, c.TopBucketAuc, 12);
        Assert.Equal(31.0 / 36, c.TopBucketAveragePrecision, 12);
    }

    [Fact]
    public void Compute_NoBucketProbabilities_WhaleScoreIsTheRankingScore()
    {
        // Ranked by yhat [0, 3, 0, 12, 9, 30, 21, 19]: u5 (30, not top), u6 (21, top), u7 (19, top).
        // AP = 1/2 * 1/2 + 1/2 * 2/3; AUC: each of u6, u7 beats the 5 users below 19 -> 10 / 12.
        var c = MetricsReport.Compute(Actual, [0, 3, 0, 12, 9, 30, 21, 19], TestContexts.FourBuckets()).Classification;

        Assert.Equal(0.25 + 1.0 / 3, c.TopBucketAveragePrecision, 12);
        Assert.Equal(10.0 / 12, c.TopBucketAuc, 12);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Compute_RandomData_PerfectOrderScoresOneAndAConstantScoresChance(int seed)
    {
        var random = new Random(seed);
        double[] actual = Enumerable.Range(0, 500).Select(_ => random.NextDouble() < 0.6 ? 0 : Math.Round(random.NextDouble() * 40, 1)).ToArray();
        double n = actual.Length, p = actual.Count(y => y > 20);

        var perfect = MetricsReport.Compute(actual, actual, TestContexts.FourBuckets()).Classification;
        var constant = MetricsReport.Compute(actual, new double[actual.Length], TestContexts.FourBuckets()).Classification;

        Assert.Equal(1, perfect.TopBucketAveragePrecision, 12);
        Assert.Equal(1, perfect.TopBucketAuc, 12);
        Assert.Equal(0.5, constant.TopBucketAuc, 12);
        // A random order: the positive at position j has on average 1 + (j - 1)(p - 1)/(n - 1) positives up to it.
        double chance = Enumerable.Range(1, (int)n).Sum(j => (1 + (j - 1) * (p - 1) / (n - 1)) / j) / n;
        Assert.Equal(chance, constant.TopBucketAveragePrecision, 12);
        Assert.InRange(constant.TopBucketAveragePrecision, p / n, p / n + 0.02);
    }

    [Fact]
    public void Compute_NoTopBucketUser_TopBucketScoresUndefined()
    {
        var c = MetricsReport.Compute([0, 5, 15], [0, 1, 2], TestContexts.FourBuckets()).Classification;

        Assert.True(double.IsNaN(c.TopBucketAuc));
        Assert.True(double.IsNaN(c.TopBucketAveragePrecision));
    }
}
