using CcOrNet.Core.Features;
using CcOrNet.Core.Thresholds;
using CcOrNet.Engines;
using CcOrNet.Engines.Sql;

namespace CcOrNet.Pipeline.Features;

public static partial class FeaturesJob
{
    /// <summary>
    /// Writes every shard in one pass of the feature query (the engine partitions the unordered rows
    /// by shard), then orders each shard by user into <c>part-0000k.parquet</c>; a shard without users
    /// gets an empty file. Ordering shard by shard sorts an eighth of the rows at a time, in memory
    /// where a global sort of the wide rows would spill; reruns still write identical files.
    /// </summary>
    private static async Task WriteShardsAsync(IEngine engine, FeatureSql sql, FeaturePlan plan, int shards, string folder, CancellationToken ct)
    {
        string partitions = Path.Combine(folder, ".partitions");
        await engine.ExecuteAsync(engine.Dialect.CopyToPartitionedParquet(sql.ShardedSelect(plan, shards), partitions, FeatureSql.ShardColumn), ct);
        for (int shard = 0; shard < shards; shard++)
        {
            string target = Path.Combine(folder, ShardHash.FileName(shard));
            string partition = Path.Combine(partitions, $"{FeatureSql.ShardColumn}={shard}");
            string query = Directory.Exists(partition) && Directory.EnumerateFiles(partition, "*.parquet").Any()
                ? sql.OrderedShard(plan, engine.Dialect.ReadSource(new TableSource(Path.Combine(partition, "*.parquet"), InputFormat.Parquet), null))
                : $"SELECT * FROM ({sql.Select(plan)}) f WHERE 1 = 0";
            await engine.ExecuteAsync(engine.Dialect.CopyToParquet(query, target), ct);
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
