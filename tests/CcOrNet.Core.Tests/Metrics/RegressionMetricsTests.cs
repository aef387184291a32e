using CcOrNet.Core.Metrics;

namespace CcOrNet.Core.Tests.Metrics;

public class RegressionMetricsTests
{
    [Fact]
    public void Compute_HandWorkedExample_MatchesPencil()
    {
        // y = [0, 0, 10, 30] (sum 40, mean 10), yhat = [1, 0, 14, 20] (sum 35, mean 8.75).
        // |errors| = 1, 0, 4, 10 -> sum 15 -> NMAE = 15 / 40 = .375.
        // squared = 1, 0, 16, 100 -> mean 117 / 4 = 29.25 -> RMSE = sqrt(29.25), NRMSE = RMSE / 10.
        // AMBE = |8.75 - 10| = 1.25.
        // Top bucket (y > 20): only u3, |20 - 30| = 10.
        // MAPE on y > 0: (4/10 + 10/30) / 2 = (.4 + .3333...) / 2 = 11/30.
        var report = MetricsReport.Compute([0, 0, 10, 30], [1, 0, 14, 20], TestContexts.FourBuckets());
        var r = report.Regression;

        Assert.Equal(10, r.MeanActual, 12);
        Assert.Equal(8.75, r.MeanPredicted, 12);
        Assert.Equal(0.375, r.Nmae, 12);
        Assert.Equal(Math.Sqrt(29.25), r.Rmse, 12);
        Assert.Equal(Math.Sqrt(29.25) / 10, r.Nrmse, 12);
        Assert.Equal(1.25, r.Ambe, 12);
        Assert.Equal(1, r.TopBucketCount);
        Assert.Equal(10, r.AmbeTopBucket, 12);
        Assert.Equal(2, r.PositiveCount);
        Assert.Equal(11.0 / 30, r.MapePositive, 12);
    }

    [Fact]
    public void Compute_WhalesUnderPredicted_WhaleBiasIsMeanGapInTopBucket()
    {
        // Top bucket (y > 20): u2 (25 predicted 15) and u3 (45 predicted 25): mean y 35, mean yhat 20 -> 15.
        // Overall means: y (0 + 5 + 25 + 45) / 4 = 18.75, yhat (0 + 15 + 15 + 25) / 4 = 13.75 -> AMBE 5.
        var report = MetricsReport.Compute([0, 5, 25, 45], [0, 15, 15, 25], TestContexts.FourBuckets());

        Assert.Equal(2, report.Regression.TopBucketCount);
        Assert.Equal(15, report.Regression.AmbeTopBucket, 12);
        Assert.Equal(5, report.Regression.Ambe, 12);
    }

    [Fact]
    public void Compute_PredictedBuckets_TopTierBiasIsMeanGapAmongUsersRoutedThere()
    {
        // Routed to the top bucket: u1 (y 5, yhat 15) and u3 (y 45, yhat 25): mean y 25, mean yhat 20 -> 5.
        // The true top bucket (u2, u3) is another set of users: its bias stays 15.
        var context = TestContexts.FourBuckets() with { PredictedBuckets = [0, 3, 2, 3] };

        var report = MetricsReport.Compute([0, 5, 25, 45], [0, 15, 15, 25], context);

        Assert.Equal(2, report.Regression.PredictedTopBucketCount);
        Assert.Equal(5, report.Regression.AmbePredictedTopBucket, 12);
        Assert.Equal(15, report.Regression.AmbeTopBucket, 12);
    }

    [Fact]
    public void Compute_NobodyRoutedToTheTopBucket_TopTierBiasUndefined()
    {
        // No buckets given: the bucket of yhat, and every yhat is below the top edge 20.
        var report = MetricsReport.Compute([0, 5, 25, 45], [0, 15, 15, 19], TestContexts.FourBuckets());

        Assert.Equal(0, report.Regression.PredictedTopBucketCount);
        Assert.True(double.IsNaN(report.Regression.AmbePredictedTopBucket));
    }

    [Fact]
    public void Compute_NoValueAtAll_NormalisedErrorsUndefined()
    {
        var report = MetricsReport.Compute([0, 0], [1, 2], TestContexts.FourBuckets());

        Assert.True(double.IsNaN(report.Regression.Nmae));
        Assert.True(double.IsNaN(report.Regression.Nrmse));
        Assert.True(double.IsNaN(report.Regression.MapePositive));
        Assert.True(double.IsNaN(report.Regression.AmbeTopBucket));
        Assert.Equal(1.5, report.Regression.Ambe, 12);
    }

    [Fact]
    public void Deciles_TwentyDistinctPredictions_TwoUsersPerDecileHighestFirst()
    {
        // yhat = 20, 19, ..., 1 for users 0..19 and y = 2 * yhat; deciles by yhat desc take users {0,1}, {2,3}, ...
        // Decile 1: yhat 20 and 19 -> mean 19.5, y mean 39. Total y = 2 * 210 = 420, decile 1 share 78 / 420.
        var predicted = Enumerable.Range(0, 20).Select(i => 20.0 - i).ToArray();
        var actual = predicted.Select(p => 2 * p).ToArray();

        var deciles = MetricsReport.Compute(actual, predicted, TestContexts.FourBuckets()).Regression.Deciles;

        Assert.Equal(10, deciles.Count);
        Assert.All(deciles, d => Assert.Equal(2, d.Count));
        Assert.Equal(1, deciles[0].Decile);
        Assert.Equal(19.5, deciles[0].MeanPredicted, 12);
        Assert.Equal(39, deciles[0].MeanActual, 12);
        Assert.Equal(78.0 / 420, deciles[0].ActualShare, 12);
        Assert.Equal(1.5, deciles[9].MeanPredicted, 12);   // yhat 2 and 1
        Assert.Equal(6.0 / 420, deciles[9].ActualShare, 12);
    }

    [Fact]
    public void Deciles_TiedZeroPredictions_StayTogetherInTheirMidpointDecile()
    {
        // yhat = 9, 8, 7, 6, 5 then five zeros; y total 50.
        // Distinct users take deciles 1..5 (descending positions 0..4, midpoints .5..4.5).
        // The zero group spans descending positions 5..9: midpoint 5 + 5/2 = 7.5 -> floor(10 * 7.5 / 10) = 7 -> decile 8.
        // Decile 8: y = 0, 5, 0, 0, 10 -> mean 3, share 15 / 50 = .3. Deciles 6, 7, 9, 10 are empty.
        double[] predicted = [9, 8, 7, 6, 5, 0, 0, 0, 0, 0];
        double[] actual = [20, 0, 10, 5, 0, 0, 5, 0, 0, 10];

        var deciles = MetricsReport.Compute(actual, predicted, TestContexts.FourBuckets()).Regression.Deciles;

        Assert.Equal([1, 1, 1, 1, 1, 0, 0, 5, 0, 0], deciles.Select(d => d.Count));
        Assert.Equal(20, deciles[0].MeanActual, 12);
        Assert.Equal(0.4, deciles[0].ActualShare, 12);
        Assert.Equal(0, deciles[7].MeanPredicted, 12);
        Assert.Equal(3, deciles[7].MeanActual, 12);
        Assert.Equal(0.3, deciles[7].ActualShare, 12);
        Assert.True(double.IsNaN(deciles[5].MeanActual));
        Assert.Equal(0, deciles[5].ActualShare);
    }

    [Fact]
    public void Deciles_RandomTies_EveryTieGroupInOneDecileAndAllUsersCounted()
    {
        var random = new Random(7);
        var predicted = Enumerable.Range(0, 537).Select(_ => (double)random.Next(0, 30)).ToArray();
        var actual = predicted.Select(p => p + random.Next(0, 3)).ToArray();

        var deciles = MetricsReport.Compute(actual, predicted, TestContexts.FourBuckets()).Regression.Deciles;

        Assert.Equal(537, deciles.Sum(d => d.Count));
        Assert.Equal(1, deciles.Where(d => d.Count > 0).Sum(d => d.ActualShare), 12);
        // A split tie group would end a decile strictly inside the group: every decile boundary (cumulative
        // count from the top) must be a boundary between groups of equal yhat.
        var groupBoundaries = new HashSet<int> { 0 };
        var cumulative = 0;
        foreach (var group in predicted.GroupBy(p => p).OrderByDescending(g => g.Key))
            groupBoundaries.Add(cumulative += group.Count());
        cumulative = 0;
        foreach (var decile in deciles)
            Assert.Contains(cumulative += decile.Count, groupBoundaries);
    }
}
