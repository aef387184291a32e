using CcOrNet.Core.Metrics;

namespace CcOrNet.Core.Tests.Metrics;

public class BucketEdgesTests
{
    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(1e-6, 0)]    // equal to t_1: not above it, still the zero bucket
    [InlineData(2e-6, 1)]
    [InlineData(10.0, 1)]    // equal to t_2 stays below it
    [InlineData(10.5, 2)]
    [InlineData(20.0, 2)]
    [InlineData(20.01, 3)]
    [InlineData(1e9, 3)]
    public void BucketOf_CountsEdgesStrictlyBelowValue(double value, int expected)
    {
        var edges = new BucketEdges([1e-6, 10, 20]);

        Assert.Equal(expected, edges.BucketOf(value));
    }

    [Fact]
    public void Properties_FourBuckets_DescribeShape()
    {
        var edges = new BucketEdges([1e-6, 10, 20]);

        Assert.Equal(4, edges.BucketCount);
        Assert.Equal(3, edges.TopBucket);
        Assert.Equal(1e-6, edges.ZeroEdge);
        Assert.Equal([1e-6, 10, 20], edges.Values);
    }

    [Fact]
    public void Equals_SameValues_AreEqualWithSameHash()
    {
        var a = new BucketEdges([1e-6, 10, 20]);
        var b = new BucketEdges(new List<double> { 1e-6, 10, 20 });

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, new BucketEdges([1e-6, 10, 30]));
    }

    [Theory]
    [InlineData(new double[0], "empty")]
    [InlineData(new[] { 1e-6, 10, 10 }, "not above edge 1")]
    [InlineData(new[] { 1e-6, 20, 10 }, "not above edge 1")]
    [InlineData(new[] { -1.0, 10 }, "expected a finite value >= 0")]
    [InlineData(new[] { 1e-6, double.NaN }, "expected a finite value >= 0")]
    [InlineData(new[] { 1e-6, double.PositiveInfinity }, "expected a finite value >= 0")]
    public void Constructor_InvalidEdges_ThrowsNamingProblem(double[] values, string expectedFragment)
    {
        var error = Assert.Throws<ArgumentException>(() => new BucketEdges(values));

        Assert.Contains(expectedFragment, error.Message);
    }
}
