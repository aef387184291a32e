using CcOrNet.Model.Data;

namespace CcOrNet.Model.Tests.Data;

public sealed class FeatureRowsPoolTests
{
    private static readonly FeatureLayout Layout = new(3, [5, 7], 2, 4);

    [Fact]
    public void Rent_AfterReturn_LendsTheSameArraysForTheSameSizeOnly()
    {
        var pool = new FeatureRowsPool(Layout);
        var first = pool.Rent(10, labelled: true);
        Assert.Equal((10, 30, 20, 80, 10), (first.UserIds.Length, first.Numeric.Length, first.Categorical.Length, first.Sequence.Length, first.Label!.Length));

        pool.Return(first);
        var unlabelled = pool.Rent(10, labelled: false);
        var smaller = pool.Rent(9, labelled: true);
        var again = pool.Rent(10, labelled: true);

        Assert.Same(first, again);
        Assert.NotSame(first, unlabelled);
        Assert.Null(unlabelled.Label);
        Assert.Equal(9, smaller.UserIds.Length);
        Assert.Equal((3L, 1L), (pool.Allocated, pool.Reused));
    }

    [Fact]
    public void Return_RowsOfAnotherLayout_Refused()
    {
        var pool = new FeatureRowsPool(Layout);
        var other = FeatureRows.Uninitialized(4, Layout with { NumericCount = 2 }, labelled: false);

        var error = Assert.Throws<ArgumentException>(() => pool.Return(other));
        Assert.Contains("exactly 4 rows", error.Message);
    }

    [Fact]
    public void Fits_ComparesArrayWidthsNotVocabularies()
    {
        var pool = new FeatureRowsPool(Layout);

        Assert.True(pool.Fits(Layout with { CategoricalCardinalities = [50, 70] }));
        Assert.True(pool.Fits(Layout with { SequenceChannels = 4, SequenceDays = 2 }));
        Assert.False(pool.Fits(Layout with { CategoricalCardinalities = [5] }));
        Assert.False(pool.Fits(Layout with { SequenceDays = 5 }));
    }
}
