using CcOrNet.Core.Features;
using CcOrNet.Core.Thresholds;
using CcOrNet.Engines;
using CcOrNet.Engines.Sql;

namespace CcOrNet.Pipeline.Features;

public static partial class FeaturesJob
{
    /// <summary>
    /// Writes every shard in one pass of the feature query (the engine partitions the rows by shard,
    /// in no particular order) and moves each partition's file to <c>part-0000k.parquet</c>. With
    /// <paramref name="ordered"/>, each shard is instead rewritten ordered by user: a sort of one
    /// shard at a time, in memory where one global sort of the wide rows would spill. A shard
    /// without users gets an empty file.
    /// </summary>
    private static async Task WriteShardsAsync(IEngine engine, FeatureSql sql, FeaturePlan plan, int shards, bool ordered, string folder, CancellationToken ct)
    {
        string partitions = Path.Combine(folder, ".partitions");
        await engine.ExecuteAsync(engine.Dialect.CopyToPartitionedParquet(sql.ShardedSelect(plan, shards), partitions, FeatureSql.ShardColumn), ct);
        for (int shard = 0; shard < shards; shard++)
        {
            string target = Path.Combine(folder, ShardHash.FileName(shard));
            string partition = Path.Combine(partitions, $"{FeatureSql.ShardColumn}={shard}");
            var files = Directory.Exists(partition) ? Directory.GetFiles(partition, "*.parquet") : [];
            if (files.Length == 1 && !ordered)
                File.Move(files[0], target);
            else
            {
                // Several files for one shard (the engine split it) are merged in user order too.
                string query = files.Length == 0
                    ? $"SELECT * FROM ({sql.Select(plan)}) f WHERE 1 = 0"
                    : sql.OrderedShard(plan, engine.Dialect.ReadParquetFiles(files.Order(StringComparer.Ordinal).ToList()));
                await engine.ExecuteAsync(engine.Dialect.CopyToParquet(query, target), ct);
            }
            if (Directory.Exists(partition)) Directory.Delete(partition, recursive: true);
        }
        if (Directory.Exists(partitions)) Directory.Delete(partitions, recursive: true);
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
