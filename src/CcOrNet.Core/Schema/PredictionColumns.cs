namespace CcOrNet.Core.Schema;

/// <summary>
/// The BI contract of <c>ccornet score</c> (DESIGN.md section 3): the column names of the predictions table,
/// partitioned <c>dt=YYYY-MM-DD</c>. Dashboards and DAGs depend on these names; change them only with a new version.
/// </summary>
public static class PredictionColumns
{
    /// <summary>int64 user key, as in the features table.</summary>
    public const string UserId = "user_id";
    /// <summary>double: bucket-consistent value (a user in a higher bucket never gets a lower value); 0 in the zero bucket.</summary>
    public const string LtvPred = "ltv_pred";
    /// <summary>double: sum over buckets of p_b x value_b; smoother, the one to rank by.</summary>
    public const string LtvExpected = "ltv_expected";
    /// <summary>int32 predicted bucket, 0 = zero bucket, K-1 = top (whale) bucket.</summary>
    public const string Bucket = "bucket";
    /// <summary>double P(y > t_1): the payer probability.</summary>
    public const string PPayer = "p_payer";
    /// <summary>double P(top bucket): the whale score.</summary>
    public const string WhaleScore = "whale_score";
    /// <summary>string: the bundle's version (training fingerprint) that produced the row.</summary>
    public const string ModelVersion = "model_version";
    /// <summary>date: the features snapshot's cutoff.</summary>
    public const string AsOf = "as_of";
    /// <summary>Marker file written last in a committed partition.</summary>
    public const string SuccessMarker = "_SUCCESS";

    /// <summary>double P(bucket = <paramref name="bucket"/>): one column per bucket, <c>p_bucket_0</c> .. <c>p_bucket_{K-1}</c>.</summary>
    public static string PBucket(int bucket) => $"p_bucket_{bucket}";

    /// <summary>The partition folder name for a snapshot date: <c>dt=YYYY-MM-DD</c>.</summary>
    public static string Partition(DateOnly asOf) => $"dt={asOf:yyyy-MM-dd}";
}
