using CcOrNet.Model.Data;
using CcOrNet.Model.Tests.Support;

namespace CcOrNet.Model.Tests.Data;

[Collection("Torch")]
public sealed class FeatureBatchTests
{
    private static readonly FeatureLayout Layout = new(2, [3], 1, 4);

    [Fact]
    public void FromArrays_RowMajor_KeepsUserRows()
    {
        using var batch = FeatureBatch.FromArrays(Layout, [1, 2, 3, 4], [0, 2], [0, 1, 2, 3, 4, 5, 6, 7], [0, 9]);

        Assert.Equal(2, batch.Count);
        Assert.Equal([3f, 4f], batch.Numeric[1].data<float>().ToArray());
        Assert.Equal(2L, batch.Categorical[1, 0].item<long>());
        Assert.Equal([4f, 5f, 6f, 7f], batch.Sequence[1, 0].data<float>().ToArray());
        batch.Validate(Layout);
    }

    [Fact]
    public void FromArrays_WrongLengths_ReportsEveryMismatch()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            FeatureBatch.FromArrays(Layout, [1, 2, 3, 4], [0], [0, 1], [0, 1, 2]));

        Assert.Contains("categorical has 1 values, expected 2 users x 1", error.Message);
        Assert.Contains("sequence has 2 values", error.Message);
        Assert.Contains("label has 3 values, expected 2", error.Message);
    }

    [Fact]
    public void Validate_OtherLayout_SaysExpectedAndActualShape()
    {
        using var batch = FeatureBatch.FromArrays(Layout, [1, 2, 3, 4], [0, 2], new float[8]);

        var error = Assert.Throws<ArgumentException>(() => batch.Validate(Layout with { NumericCount = 3, SequenceDays = 5 }));

        Assert.Contains("Numeric shape expected [2, 3], actual [2, 2]", error.Message);
        Assert.Contains("Sequence shape expected [2, 1, 5], actual [2, 1, 4]", error.Message);
    }

    [Fact]
    public void Split_SevenRowsByThree_CoversEveryRowOnce()
    {
        using var batch = SyntheticLtv.Batch(7, seed: 1);

        var parts = batch.Split(3);

        Assert.Equal([3, 3, 1], parts.Select(p => p.Count));
        var rejoined = parts.SelectMany(p => p.Label!.data<float>().ToArray());
        Assert.Equal(batch.Label!.data<float>().ToArray(), rejoined);
    }

    [Fact]
    public void Validate_InvalidLayout_ListsEveryRule()
    {
        var error = Assert.Throws<ArgumentException>(() => new FeatureLayout(0, [1], -1, 0).Validate());
        Assert.Contains("NumericCount", error.Message);
        Assert.Contains("CategoricalCardinalities[0]", error.Message);
        Assert.Contains("SequenceChannels", error.Message);
    }
}
