using CcOrNet.Model.Data;
using CcOrNet.Model.Tests.Support;

namespace CcOrNet.Model.Tests.Distributed;

/// <summary>The synthetic LTV task as row-major <see cref="FeatureRows"/> (what the batch stream yields), cut into global batches.</summary>
internal static class SyntheticRows
{
    public static List<FeatureRows> GlobalBatches(int batches, int batchSize, int seed)
    {
        using var all = SyntheticLtv.Batch(batches * batchSize, seed);
        var numeric = all.Numeric.data<float>().ToArray();
        var categorical = all.Categorical.data<long>().ToArray();
        var sequence = all.Sequence.data<float>().ToArray();
        var label = all.RequireLabel().data<float>().ToArray();
        return Enumerable.Range(0, batches).Select(b => Slice(numeric, categorical, sequence, label, b * batchSize, batchSize)).ToList();
    }

    /// <summary>Rows [start, start + count) of <paramref name="rows"/>.</summary>
    public static FeatureRows Slice(FeatureRows rows, int start, int count) =>
        Slice(rows.Numeric, rows.Categorical, rows.Sequence, rows.Label!, start, count, rows.Count);

    private static FeatureRows Slice(float[] numeric, long[] categorical, float[] sequence, float[] label, int start, int count, int? total = null)
    {
        int users = total ?? label.Length;
        int fn = numeric.Length / users, fc = categorical.Length / users, fs = sequence.Length / users;
        return new FeatureRows(count,
            Enumerable.Range(start, count).Select(i => (long)i).ToArray(),
            numeric.AsSpan(start * fn, count * fn).ToArray(),
            categorical.AsSpan(start * fc, count * fc).ToArray(),
            sequence.AsSpan(start * fs, count * fs).ToArray(),
            label.AsSpan(start, count).ToArray());
    }

    public static async IAsyncEnumerable<FeatureRows> Stream(IEnumerable<FeatureRows> batches)
    {
        foreach (var batch in batches)
        {
            await Task.Yield();
            yield return batch;
        }
    }
}
