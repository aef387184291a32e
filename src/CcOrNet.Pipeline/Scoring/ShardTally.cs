namespace CcOrNet.Pipeline.Scoring;

/// <summary>Counts over the users scored from one shard (kept per attempt, so a retried shard is not counted twice).</summary>
internal sealed class ShardTally(int buckets)
{
    public long Rows { get; private set; }
    public long[] BucketCounts { get; } = new long[buckets];
    public double SumLtvExpected { get; private set; }

    public void Add(int[] bucket, float[] ltvExpected)
    {
        Rows += bucket.Length;
        foreach (int b in bucket) BucketCounts[b]++;
        foreach (float v in ltvExpected) SumLtvExpected += v;
    }

    public void AddTo(ShardTally total)
    {
        total.Rows += Rows;
        for (int b = 0; b < BucketCounts.Length; b++) total.BucketCounts[b] += BucketCounts[b];
        total.SumLtvExpected += SumLtvExpected;
    }
}
