using CcOrNet.Pipeline.Features;

namespace CcOrNet.Pipeline.Tests.Features;

public sealed class FeaturePassesTests
{
    private const int Columns = 100;
    private const long BytesPerUser = Columns * FeaturePasses.BytesPerUserColumn;

    [Fact]
    public void Choose_NoMemoryLimit_OnePass() =>
        Assert.Equal(1, FeaturePasses.Choose(10_000_000, Columns, null, 8));

    [Fact]
    public void Choose_StateFitsTheLimit_OnePass() =>
        Assert.Equal(1, FeaturePasses.Choose(1_000_000, Columns, 1_000_000 * BytesPerUser, 8));

    [Theory]
    [InlineData(2.0, 2)]    // two passes: 2 divides 8
    [InlineData(2.5, 4)]    // three needed: rounded up to 4, which divides 8
    [InlineData(5.0, 8)]
    [InlineData(9.0, 16)]   // more than the shards: a multiple of 8
    [InlineData(17.5, 24)]
    public void Choose_StateLargerThanTheLimit_EnoughPassesRoundedToFitTheShards(double times, int expected) =>
        Assert.Equal(expected, FeaturePasses.Choose(1_000_000, Columns, (long)(1_000_000 * BytesPerUser / times), 8));

    [Fact]
    public void Choose_PrimeShardCount_UsesOnePassPerShardBeforeMultiples() =>
        Assert.Equal(7, FeaturePasses.Choose(1_000_000, Columns, 1_000_000 * BytesPerUser / 3, 7));
}
