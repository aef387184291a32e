using System.Diagnostics;
using CcOrNet.Core.Features;
using CcOrNet.Core.Thresholds;
using CcOrNet.Engines;
using CcOrNet.Engines.Sql;
using Microsoft.Extensions.Logging;

namespace CcOrNet.Pipeline.Features;

public static partial class FeaturesJob
{
    /// <summary>
    /// Writes every shard: <paramref name="passes"/> runs of the feature query, each over one slice of
    /// the users (<see cref="UserSlice"/>), each writing its rows partitioned by shard in no particular
    /// order. A shard written as one file by one pass is moved to <c>part-0000k.parquet</c>; a shard
    /// in several files (several passes, or the engine split it) is rewritten as one, and with
    /// <see cref="FeaturesOptions.OrderedShards"/> every shard is rewritten ordered by user: a sort of
    /// one shard at a time, where one global sort of the wide rows would spill. A shard without
    /// users gets an empty file.
    /// </summary>
    private static async Task WriteShardsAsync(IEngine engine, FeatureSql sql, FeaturePlan plan, FeaturesOptions options, int passes,
        string folder, ILogger logger, CancellationToken ct)
    {
        string partitions = Path.Combine(folder, ".partitions"), events = Path.Combine(folder, ".events-by-slice");
        Directory.CreateDirectory(partitions);
        if (passes > 1)
        {
            // Once, the events the query needs, partitioned by slice: each pass then reads its own
            // slice's files instead of decoding the whole input again.
            var clock = Stopwatch.StartNew();
            await engine.ExecuteAsync(engine.Dialect.CopyToPartitionedParquet(sql.SlicedEvents(plan, passes), events, FeatureSql.SliceColumn), ct);
            await engine.ExecuteAsync(sql.EventsBySliceView(events), ct);
            logger.LogInformation("Features: events split into {Passes} slices in {Elapsed:F1}s", passes, clock.Elapsed.TotalSeconds);
        }
        for (int pass = 0; pass < passes; pass++)
        {
            var clock = Stopwatch.StartNew();
            var slice = passes == 1 ? plan : plan with { Slice = new UserSlice(pass, passes), EventsSliced = true };
            string output = Path.Combine(partitions, $"pass-{pass:D4}");
            await engine.ExecuteAsync(engine.Dialect.CopyToPartitionedParquet(sql.ShardedSelect(slice, options.Shards), output, FeatureSql.ShardColumn), ct);
            logger.LogInformation("Features: pass {Pass} of {Passes} written in {Elapsed:F1}s", pass + 1, passes, clock.Elapsed.TotalSeconds);
        }
        for (int shard = 0; shard < options.Shards; shard++)
        {
            string target = Path.Combine(folder, ShardHash.FileName(shard));
            var files = Directory.GetDirectories(partitions, $"{FeatureSql.ShardColumn}={shard}", SearchOption.AllDirectories)
                .SelectMany(d => Directory.GetFiles(d, "*.parquet")).Order(StringComparer.Ordinal).ToList();
            if (files.Count == 1 && !options.OrderedShards)
                File.Move(files[0], target);
            else
            {
                string query = files.Count == 0
                    ? $"SELECT * FROM ({sql.Select(plan)}) f WHERE 1 = 0"
                    : sql.ShardRows(plan, engine.Dialect.ReadParquetFiles(files), options.OrderedShards);
                await engine.ExecuteAsync(engine.Dialect.CopyToParquet(query, target), ct);
                foreach (string file in files) File.Delete(file);
            }
        }
        Directory.Delete(partitions, recursive: true);
        if (Directory.Exists(events)) Directory.Delete(events, recursive: true);
    }

    private static async Task<(long Rows, long Positives)> CountRowsAsync(IEngine engine, string folder, bool withLabel, CancellationToken ct)
    {
        string files = engine.Dialect.ReadSource(new TableSource(Path.Combine(folder, "part-*.parquet"), InputFormat.Parquet), null);
        string label = engine.Dialect.Identifier(FeatureSchema.DefaultLabelColumn);
        string positives = withLabel ? $"count(*) FILTER (WHERE {label} > {BucketThresholds.ZeroEdge:R})" : "0";
        var row = (await engine.QueryAsync($"SELECT count(*), {positives} FROM {files}", ct))[0];
        return (Convert.ToInt64(row[0]), Convert.ToInt64(row[1]));
    }
}
