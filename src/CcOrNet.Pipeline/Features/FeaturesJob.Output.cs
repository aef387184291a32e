using CcOrNet.Core.Features;
using CcOrNet.Core.Thresholds;
using CcOrNet.Engines;
using CcOrNet.Engines.Sql;

namespace CcOrNet.Pipeline.Features;

public static partial class FeaturesJob
{
    /// <summary>
    /// Writes every shard in one pass (the engine partitions by shard), then renames each
    /// partition's file to <c>part-0000k.parquet</c>; a shard without users gets an empty file.
    /// </summary>
    private static async Task WriteShardsAsync(IEngine engine, FeatureSql sql, FeaturePlan plan, int shards, string folder, CancellationToken ct)
    {
        string partitions = Path.Combine(folder, ".partitions");
        await engine.ExecuteAsync(engine.Dialect.CopyToPartitionedParquet(sql.ShardedSelect(plan, shards), partitions, FeatureSql.ShardColumn), ct);
        for (int shard = 0; shard < shards; shard++)
        {
            string target = Path.Combine(folder, ShardHash.FileName(shard));
            string partition = Path.Combine(partitions, $"{FeatureSql.ShardColumn}={shard}");
            var files = Directory.Exists(partition) ? Directory.GetFiles(partition, "*.parquet") : [];
            switch (files.Length)
            {
                case 0:
                    await engine.ExecuteAsync(engine.Dialect.CopyToParquet($"SELECT * FROM ({sql.Select(plan)}) f WHERE 1 = 0", target), ct);
                    break;
                case 1:
                    File.Move(files[0], target);
                    break;
                default:
                    // Several files for one shard (engine wrote in parallel): merge them in user order.
                    string merged = engine.Dialect.ReadParquetFiles(files.Order(StringComparer.Ordinal).ToList());
                    string id = engine.Dialect.Identifier(FeatureSchema.DefaultIdColumn);
                    await engine.ExecuteAsync(engine.Dialect.CopyToParquet($"SELECT * FROM {merged} ORDER BY {id}", target), ct);
                    break;
            }
        }
        Directory.Delete(partitions, recursive: true);
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
