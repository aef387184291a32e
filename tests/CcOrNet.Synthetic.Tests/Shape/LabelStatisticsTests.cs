using CcOrNet.Synthetic.Shape;

namespace CcOrNet.Synthetic.Tests.Shape;

public sealed class LabelStatisticsTests
{
    [Fact]
    public void Gini_OneUserHoldsEverything_IsOneMinusOneOverN()
    {
        // Ascending 0, 0, 0, 10: (2*4 - 4 - 1) * 10 / (4 * 10) = 0.75.
        Assert.Equal(0.75, LabelStatistics.Gini([10, 0, 0, 0], 10), 12);
    }

    [Fact]
    public void Gini_EqualValuesOrZeroTotal_IsZero()
    {
        Assert.Equal(0, LabelStatistics.Gini([3, 3, 3], 9), 12);
        Assert.Equal(0, LabelStatistics.Gini([0, 0], 0));
    }

    [Fact]
    public void TopShare_RoundsTheTopCountUp()
    {
        double[] descending = [50, 20, 10, 10, 5, 5];

        Assert.Equal(50 / 100.0, LabelStatistics.TopShare(descending, 100, 0.01), 12); // ceil(0.06) = 1
        Assert.Equal(70 / 100.0, LabelStatistics.TopShare(descending, 100, 0.25), 12); // ceil(1.5) = 2
        Assert.Equal(0, LabelStatistics.TopShare([0, 0], 0, 0.1));
    }

    [Fact]
    public void AverageRanks_Ties_ShareTheirMeanRank()
    {
        Assert.Equal([1, 2.5, 2.5, 4], LabelStatistics.AverageRanks([1, 2, 2, 3]));
        Assert.Equal([3, 1.5, 1.5], LabelStatistics.AverageRanks([9, 0, 0]));
    }

    [Fact]
    public void Spearman_WithTies_IsPearsonOfAverageRanks()
    {
        // Ranks (1, 2.5, 2.5, 4) vs (1, 2, 3, 4): covariance sum 4.5, variance sums 4.5 and 5.
        Assert.Equal(4.5 / Math.Sqrt(4.5 * 5), LabelStatistics.Spearman([1, 2, 2, 3], [1, 2, 3, 4]), 12);
        Assert.Equal(-1, LabelStatistics.Spearman([1, 2, 3], [30, 20, 10]), 12);
        Assert.Equal(0, LabelStatistics.Spearman([1, 1, 1], [1, 2, 3]));
    }
}
