namespace CcOrNet.Lake.Predictions;

/// <summary>Model outputs for a chunk of users, aligned by index; float as the model computes them, written as double.</summary>
/// <param name="BucketProbabilities">K arrays: BucketProbabilities[b][user] = P(bucket b).</param>
public sealed record PredictionBatch(
    long[] UserIds,
    float[] LtvPred,
    float[] LtvExpected,
    int[] Bucket,
    float[][] BucketProbabilities,
    float[] PPayer,
    float[] WhaleScore)
{
    public int Count => UserIds.Length;

    /// <summary>Every column whose length differs from <see cref="UserIds"/>'s, or a bucket count other than <paramref name="buckets"/>.</summary>
    public IEnumerable<string> Problems(int buckets)
    {
        int n = Count;
        if (LtvPred.Length != n) yield return $"ltv_pred has {LtvPred.Length} values, expected {n}";
        if (LtvExpected.Length != n) yield return $"ltv_expected has {LtvExpected.Length} values, expected {n}";
        if (Bucket.Length != n) yield return $"bucket has {Bucket.Length} values, expected {n}";
        if (PPayer.Length != n) yield return $"p_payer has {PPayer.Length} values, expected {n}";
        if (WhaleScore.Length != n) yield return $"whale_score has {WhaleScore.Length} values, expected {n}";
        if (BucketProbabilities.Length != buckets) yield return $"{BucketProbabilities.Length} bucket probability columns, expected {buckets}";
        for (int b = 0; b < BucketProbabilities.Length; b++)
            if (BucketProbabilities[b].Length != n) yield return $"p_bucket_{b} has {BucketProbabilities[b].Length} values, expected {n}";
    }
}
