using CcOrNet.Core.Schema;
using Parquet.Schema;

namespace CcOrNet.Lake.Predictions;

/// <summary>
/// The Parquet schema of the predictions table (BI contract, names from <see cref="PredictionColumns"/>), in column order:
/// user_id int64, ltv_pred double, ltv_expected double, bucket int32, p_bucket_0..p_bucket_{K-1} double, p_payer double,
/// whale_score double, model_version string, as_of date. No column is nullable.
/// </summary>
public sealed class PredictionSchema
{
    public PredictionSchema(int buckets)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 2);
        Buckets = buckets;
        PBucket = Enumerable.Range(0, buckets).Select(b => new DataField<double>(PredictionColumns.PBucket(b), false)).ToArray();
        Schema = new ParquetSchema([UserId, LtvPred, LtvExpected, Bucket, .. PBucket, PPayer, WhaleScore, ModelVersion, AsOf]);
    }

    /// <summary>K, the number of p_bucket columns.</summary>
    public int Buckets { get; }

    public ParquetSchema Schema { get; }

    public DataField<long> UserId { get; } = new(PredictionColumns.UserId, false);
    public DataField<double> LtvPred { get; } = new(PredictionColumns.LtvPred, false);
    public DataField<double> LtvExpected { get; } = new(PredictionColumns.LtvExpected, false);
    public DataField<int> Bucket { get; } = new(PredictionColumns.Bucket, false);
    public IReadOnlyList<DataField<double>> PBucket { get; }
    public DataField<double> PPayer { get; } = new(PredictionColumns.PPayer, false);
    public DataField<double> WhaleScore { get; } = new(PredictionColumns.WhaleScore, false);
    public DataField<string> ModelVersion { get; } = new(PredictionColumns.ModelVersion, false);
    public DataField<DateOnly> AsOf { get; } = new(PredictionColumns.AsOf, false);
}
