using CcOrNet.Model.Buckets;

namespace CcOrNet.Model.Tests.Buckets;

public sealed class BucketEdgesTests
{
    private static readonly BucketEdges Paper = new([1e-6, 10, 100], TopUpper: 1000);

    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(1e-6, 0)]
    [InlineData(0.5, 1)]
    [InlineData(10.0, 1)]
    [InlineData(10.5, 2)]
    [InlineData(100.0, 2)]
    [InlineData(5000.0, 3)]
    public void BucketOf_Label_CountsEdgesStrictlyBelow(double label, int expected) =>
        Assert.Equal(expected, Paper.BucketOf(label));

    [Fact]
    public void LogCentreAndHalfWidth_TopBucket_SpanLastEdgeToTopUpper()
    {
        double low = Math.Log(101), high = Math.Log(1001);
        Assert.Equal((low + high) / 2, Paper.LogCentre(3), 12);
        Assert.Equal((high - low) / 2, Paper.LogHalfWidth(3), 12);
        Assert.Equal(Math.Log(1 + 1e-6), Paper.LogCentre(1) - Paper.LogHalfWidth(1), 1e-12);
    }

    [Fact]
    public void FromLabels_PaperDefaults_ZeroEdgeThenQuantilesOfPositives()
    {
        // Positives 1..8: quantile 0.5 = 4.5, 0.75 = 6.25 (linear interpolation); buckets {0 x4}, {1..4}, {5, 6}, {7, 8}.
        double[] labels = [0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8];

        var edges = BucketEdges.FromLabels(labels, topQuantile: 1.0);

        Assert.Equal([1e-6, 4.5, 6.25], edges.Edges);
        Assert.Equal(8, edges.TopUpper);
        Assert.Equal([0, 2.5, 5.5, 7.5], edges.BucketMeans!);
    }

    [Fact]
    public void FromLabels_NoPositiveLabels_ThrowsWithCount()
    {
        var error = Assert.Throws<ArgumentException>(() => BucketEdges.FromLabels([0, 0, 0]));
        Assert.Contains("none of the 3 labels", error.Message);
    }

    [Fact]
    public void FromLabels_AllPositiveTies_ThrowsNamingTheQuantile()
    {
        var error = Assert.Throws<ArgumentException>(() => BucketEdges.FromLabels([0, 5, 5, 5, 5]));
        Assert.Contains("quantile 0.75", error.Message);
    }

    [Fact]
    public void Validate_SeveralBrokenRules_ListsEveryOne()
    {
        var error = Assert.Throws<ArgumentException>(() => new BucketEdges([5, 2], TopUpper: 1, BucketMeans: [1]).Validate());
        Assert.Contains("strictly increase", error.Message);
        Assert.Contains("TopUpper", error.Message);
        Assert.Contains("BucketMeans", error.Message);
    }
}
