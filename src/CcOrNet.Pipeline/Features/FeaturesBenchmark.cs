using System.Diagnostics;
using CcOrNet.Engines.DuckDb;
using CcOrNet.Engines.Sql;
using Microsoft.Extensions.Logging;

namespace CcOrNet.Pipeline.Features;

/// <summary>
/// <c>ccornet bench features</c>: runs the features job, then, back to back, the identical feature
/// SELECT as one plain <c>COPY</c> to a single Parquet file (no checks, no shards, no manifest), on
/// the same inputs and engine settings, and reports throughput and the job's overhead ratio.
/// </summary>
/// <remarks>
/// The raw statement is what one would write by hand for this aggregation: the job's own SELECT,
/// so the ratio measures only what the job adds (input profile, sharded write, manifest, commit).
/// Its plan (frequent attribute values) is prepared before the clock starts.
/// </remarks>
public static class FeaturesBenchmark
{
    public static async Task<FeaturesBenchmarkResult> RunAsync(FeaturesOptions options, ILogger logger, CancellationToken ct)
    {
        options.Validate();
        var jobCpuStart = CpuTime();
        var job = await FeaturesJob.RunAsync(options, null, logger, ct);
        var jobCpu = CpuTime() - jobCpuStart;

        await using var engine = await DuckDbEngine.OpenAsync(options.Engine, ct);
        var sql = new FeatureSql(engine.Dialect);
        var (plan, events, _) = await FeaturesJob.PlanAsync(engine, sql, options, FeaturesJob.MappingOf(options), ct);
        string file = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(options.OutputDirectory))!, $".bench-raw-{Guid.NewGuid():N}.parquet");
        var rawCpuStart = CpuTime();
        var clock = Stopwatch.StartNew();
        TimeSpan rawCpu;
        try
        {
            await engine.ExecuteAsync(engine.Dialect.CopyToParquet(sql.Select(plan), file), ct);
        }
        finally
        {
            clock.Stop();
            rawCpu = CpuTime() - rawCpuStart;
            File.Delete(file);
        }

        var result = new FeaturesBenchmarkResult(job.Rows, events.Rows, job.Elapsed, clock.Elapsed, jobCpu, rawCpu,
            Process.GetCurrentProcess().PeakWorkingSet64);
        logger.LogInformation(
            "Features benchmark: {Users} users, {Events} events; job {Job:F1}s ({PerMinute:N0} users/min, CPU {JobCpu:F1}s), " +
            "raw query {Raw:F1}s (CPU {RawCpu:F1}s), ratio {Ratio:F2} (CPU {CpuRatio:F2}), peak working set {Peak:N0} MB",
            result.Users, result.Events, result.JobElapsed.TotalSeconds, result.UsersPerMinute, result.JobCpu.TotalSeconds,
            result.RawQueryElapsed.TotalSeconds, result.RawQueryCpu.TotalSeconds, result.OverheadRatio, result.CpuRatio,
            result.PeakWorkingSetBytes / (1024 * 1024));
        return result;
    }

    /// <summary>CPU time of this process so far, every thread (the engine's included).</summary>
    private static TimeSpan CpuTime() => Process.GetCurrentProcess().TotalProcessorTime;
}
