namespace CcOrNet.Pipeline.Features;

/// <summary>Speed of the features job against the same feature query run as one plain statement.</summary>
/// <param name="Users">Rows written (users known before the cutoff).</param>
/// <param name="Events">Rows of the events table.</param>
/// <param name="JobElapsed">Wall time of <see cref="FeaturesJob.RunAsync"/> (checks, query, shards, manifest, commit).</param>
/// <param name="RawQueryElapsed">Wall time of the same feature SELECT written by one <c>COPY ... TO file.parquet</c>.</param>
/// <param name="JobCpu">CPU time of this process during the job (all engine threads).</param>
/// <param name="RawQueryCpu">CPU time of this process during the raw query.</param>
/// <param name="PeakWorkingSetBytes">Peak working set of this process so far (includes the engine's native memory).</param>
/// <remarks>On a shared machine the CPU ratio is the steadier comparison: wall times follow the load.</remarks>
public sealed record FeaturesBenchmarkResult(
    long Users, long Events, TimeSpan JobElapsed, TimeSpan RawQueryElapsed, TimeSpan JobCpu, TimeSpan RawQueryCpu, long PeakWorkingSetBytes)
{
    public double UsersPerSecond => Users / JobElapsed.TotalSeconds;

    public double UsersPerMinute => UsersPerSecond * 60;

    /// <summary>Job time over raw query time: the cost of checks, sharding and the atomic commit.</summary>
    public double OverheadRatio => JobElapsed.TotalSeconds / RawQueryElapsed.TotalSeconds;

    /// <summary>Job CPU time over raw query CPU time.</summary>
    public double CpuRatio => JobCpu.TotalSeconds / RawQueryCpu.TotalSeconds;
}
