using CcOrNet.Model.Data;

namespace CcOrNet.Pipeline.Tests.Training;

/// <summary>Reading whole epochs of a <see cref="BatchStream"/> and comparing them batch by batch.</summary>
internal static class StreamedBatches
{
    /// <summary>Every batch of one epoch, copied as it comes (batches of a stream with reused buffers are overwritten later).</summary>
    public static async Task<List<FeatureRows>> EpochAsync(FeatureTable table, BatchStreamOptions options, int epoch = 0)
    {
        var batches = new List<FeatureRows>();
        await foreach (var batch in BatchStream.ReadAsync(table, options, epoch))
            batches.Add(batch with
            {
                UserIds = [.. batch.UserIds], Numeric = [.. batch.Numeric], Categorical = [.. batch.Categorical],
                Sequence = [.. batch.Sequence], Label = batch.Label is null ? null : [.. batch.Label],
            });
        return batches;
    }

    public static void AssertSame(IReadOnlyList<FeatureRows> expected, IReadOnlyList<FeatureRows> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Count, actual[i].Count);
            Assert.Equal(expected[i].UserIds, actual[i].UserIds);
            Assert.Equal(expected[i].Numeric, actual[i].Numeric);
            Assert.Equal(expected[i].Categorical, actual[i].Categorical);
            Assert.Equal(expected[i].Sequence, actual[i].Sequence);
            Assert.Equal(expected[i].Label, actual[i].Label);
        }
    }
}
