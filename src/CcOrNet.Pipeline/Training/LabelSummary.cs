using CcOrNet.Core.Thresholds;
using CcOrNet.Model.Data;
using CcOrNet.Model.Distributed;

namespace CcOrNet.Pipeline.Training;

/// <summary>One cheap pass over ids and labels: split sizes and the training labels' mean per bucket (the ordinal baseline's values).</summary>
internal sealed record LabelSummary(long TrainRows, long ValidationRows, double[] BucketMeans)
{
    /// <summary>Each worker reads its own <paramref name="table"/> shard; the sums are then added over the workers.</summary>
    public static async Task<LabelSummary> ReadAsync(FeatureTable table, ValidationSplit split, BucketThresholds thresholds, ICollective workers, CancellationToken ct)
    {
        var sums = new double[thresholds.Buckets];
        var counts = new long[thresholds.Buckets];
        long train = 0, validation = 0;
        await using var reader = table.CreateReader();
        foreach (var group in table.RowGroups)
        {
            var (ids, labels) = await reader.ReadLabelsAsync(group, ct);
            for (int r = 0; r < ids.Length; r++)
            {
                if (split.IsValidation(ids[r])) { validation++; continue; }
                train++;
                int b = thresholds.BucketOf(labels[r]);
                sums[b] += labels[r];
                counts[b]++;
            }
        }
        // One all-reduce of [sums, counts, train, validation]; doubles count rows exactly up to 2^53.
        double[] totals = [.. sums, .. counts.Select(c => (double)c), train, validation];
        workers.AllReduceSum(totals);
        int k = sums.Length;
        totals.AsSpan(0, k).CopyTo(sums);
        for (int b = 0; b < k; b++) counts[b] = (long)totals[k + b];
        train = (long)totals[2 * k];
        validation = (long)totals[2 * k + 1];
        // An empty bucket falls back to the bucket's log-centre value (as BucketEdges.Representative does).
        var means = sums.Select((s, b) => counts[b] > 0 ? s / counts[b] : double.NaN).ToArray();
        var edges = new Model.Buckets.BucketEdges(thresholds.BucketEdges, thresholds.TopEdge);
        for (int b = 0; b < means.Length; b++)
            if (double.IsNaN(means[b])) means[b] = edges.Representative(b);
        return new LabelSummary(train, validation, means);
    }
}
