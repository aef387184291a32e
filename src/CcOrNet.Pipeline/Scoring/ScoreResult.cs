namespace CcOrNet.Pipeline.Scoring;

/// <summary>What <see cref="ScoreJob"/> published.</summary>
/// <param name="PartitionDirectory">The committed partition, e.g. <c>LAKE/predictions/dt=2025-07-01</c>.</param>
/// <param name="Files">Its Parquet files (one per non-empty features shard, same number), in row order.</param>
/// <param name="BucketCounts">Users per predicted bucket (K entries).</param>
/// <param name="MeanLtvExpected">Mean of ltv_expected over all users.</param>
/// <param name="Drift">How far the scored users are from the training data (predicted bucket shares, feature means).</param>
/// <param name="ReplacedPrevious">True when an earlier version of the partition was replaced.</param>
public sealed record ScoreResult(
    string PartitionDirectory,
    DateOnly AsOf,
    string ModelName,
    string ModelVersion,
    long Rows,
    IReadOnlyList<string> Files,
    IReadOnlyList<long> BucketCounts,
    double MeanLtvExpected,
    ScoreDrift Drift,
    bool ReplacedPrevious,
    TimeSpan Elapsed)
{
    public double UsersPerSecond => Rows / Math.Max(Elapsed.TotalSeconds, 1e-9);
}
