using CcOrNet.Model.Distributed;

namespace CcOrNet.Model.Tests.Distributed;

public sealed class DataShardsTests
{
    [Theory]
    [InlineData(96, 4)]
    [InlineData(100, 3)]
    [InlineData(5, 5)]
    public void SliceStartAndSize_SlicesAreContiguousAndCoverTheBatch(int batch, int workers)
    {
        int next = 0;
        for (int rank = 0; rank < workers; rank++)
        {
            Assert.Equal(next, DataShards.SliceStart(batch, rank, workers));
            int size = DataShards.SliceSize(batch, rank, workers);
            Assert.InRange(size, batch / workers, batch / workers + 1);
            next += size;
        }
        Assert.Equal(batch, next);
    }

    [Fact]
    public void SliceSize_RankOutsideTheGroup_Throws()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => DataShards.SliceSize(64, 2, 2));
        Assert.Contains("0..1", error.Message);
    }
}
