using CcOrNet.Core.Features;

namespace CcOrNet.Core.Tests.Features;

public sealed class ShardHashTests
{
    [Fact]
    public void Of_RegularIds_SpreadEvenlyOverShards()
    {
        var counts = new int[8];
        for (long k = 1; k <= 80_000; k++) counts[ShardHash.Of(k * 8, 8)]++;
        Assert.All(counts, c => Assert.InRange(c, 9_500, 10_500));
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(long.MinValue)]
    [InlineData(long.MaxValue)]
    public void Of_ExtremeIds_StayInRange(long id) => Assert.InRange(ShardHash.Of(id, 5), 0, 4);

    [Fact]
    public void Of_SmallExample_MatchesTheDocumentedFormula()
    {
        // ((8 % P) * 2654435761) % P % 4 = 21235486088 % 2147483647 % 4 = 1908133265 % 4 = 1.
        Assert.Equal(1, ShardHash.Of(8, 4));
    }
}
