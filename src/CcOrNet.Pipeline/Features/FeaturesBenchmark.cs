using System.Diagnostics;
using CcOrNet.Engines.DuckDb;
using CcOrNet.Engines.Sql;
using Microsoft.Extensions.Logging;

namespace CcOrNet.Pipeline.Features;

/// <summary>
/// <c>ccornet bench features</c>: runs the features job, then the identical feature SELECT as one
/// plain <c>COPY</c> to a single Parquet file (no checks, no shards, no manifest), on the same
/// inputs and engine settings, and reports throughput and the job's overhead ratio.
/// </summary>
public static class FeaturesBenchmark
{
    public static async Task<FeaturesBenchmarkResult> RunAsync(FeaturesOptions options, ILogger logger, CancellationToken ct)
    {
        options.Validate();
        var job = await FeaturesJob.RunAsync(options, null, logger, ct);

        await using var engine = await DuckDbEngine.OpenAsync(options.Engine, ct);
        var sql = new FeatureSql(engine.Dialect);
        var (plan, events) = await FeaturesJob.PlanAsync(engine, sql, options, FeaturesJob.MappingOf(options), ct);
        string file = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(options.OutputDirectory))!, $".bench-raw-{Guid.NewGuid():N}.parquet");
        var clock = Stopwatch.StartNew();
        try
        {
            await engine.ExecuteAsync(engine.Dialect.CopyToParquet(sql.Select(plan), file), ct);
        }
        finally
        {
            clock.Stop();
            File.Delete(file);
        }

        var result = new FeaturesBenchmarkResult(job.Rows, events.Rows, job.Elapsed, clock.Elapsed, Process.GetCurrentProcess().PeakWorkingSet64);
        logger.LogInformation(
            "Features benchmark: {Users} users, {Events} events; job {Job:F1}s ({PerMinute:N0} users/min), raw query {Raw:F1}s, ratio {Ratio:F2}, peak working set {Peak:N0} MB",
            result.Users, result.Events, result.JobElapsed.TotalSeconds, result.UsersPerMinute, result.RawQueryElapsed.TotalSeconds,
            result.OverheadRatio, result.PeakWorkingSetBytes / (1024 * 1024));
        return result;
    }
}
