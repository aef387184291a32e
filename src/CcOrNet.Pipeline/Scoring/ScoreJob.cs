using System.Diagnostics;
using CcOrNet.Core.Jobs;
using CcOrNet.Core.Schema;
using CcOrNet.Lake.Partitions;
using CcOrNet.Lake.Predictions;
using CcOrNet.Model.Bundles;
using Microsoft.Extensions.Logging;
using TorchSharp;

namespace CcOrNet.Pipeline.Scoring;

/// <summary>
/// <c>ccornet score</c>: streams a features table through a model bundle and publishes the predictions (BI contract,
/// <see cref="PredictionColumns"/>) as partition <c>dt=YYYY-MM-DD</c> of the output table, atomically: one Parquet
/// file per features shard (<c>part-NNNNN.parquet</c>, same shard number, rows in input order), <c>_SUCCESS</c> last.
/// A rerun replaces the partition with identical rows; a failure leaves the previous partition untouched.
/// </summary>
public static class ScoreJob
{
    public static async Task<ScoreResult> RunAsync(ScoreOptions options, IProgress<JobProgress>? progress, ILogger logger, CancellationToken ct)
    {
        options.Validate();
        var clock = Stopwatch.StartNew();
        if (options.Threads > 0) torch.set_num_threads(options.Threads);
        using var bundle = ModelBundle.Load(options.ModelDirectory);
        var table = await new BundleScorer(bundle).OpenAsync(options.FeaturesDirectory, ct);
        var asOf = table.Manifest.AsOf;
        if (options.AsOf is { } asked && asked != asOf)
            throw new InvalidDataException(
                $"Features '{options.FeaturesDirectory}' are a snapshot as of {asOf:yyyy-MM-dd}, but the partition to write is dated {asked:yyyy-MM-dd}; score the matching snapshot or pass --as-of {asOf:yyyy-MM-dd}");

        var manifest = bundle.Manifest;
        var schema = new PredictionSchema(manifest.Buckets.BucketCount);
        var scorer = new ShardScorer(table, bundle.Model, schema, manifest.ModelVersion, asOf, options);
        var total = new ShardTally(schema.Buckets);
        long rows = table.Rows;
        logger.LogInformation("Scoring {Rows:N0} users of '{Features}' with {Model} ({Version}), batch {Batch}, {Threads} torch threads",
            rows, options.FeaturesDirectory, manifest.ModelName, manifest.ModelVersion, options.BatchSize, torch.get_num_threads());
        progress?.Report(new JobProgress("score", 0, rows));

        await using var partition = PartitionWriter.Create(options.OutputDirectory, PredictionColumns.Partition(asOf), logger,
            new PartitionWriterOptions { Retry = options.Retry, FileSystem = options.FileSystem });
        foreach (var shard in table.RowGroups.GroupBy(g => g.File).OrderBy(g => g.Key))
        {
            ShardTally? done = null;
            await partition.WriteFileAsync(PartName(shard.Key), async (stream, token) =>
            {
                long before = total.Rows, scored = 0;
                done = await scorer.ScoreAsync(shard.ToList(), stream, n =>
                {
                    scored += n;
                    progress?.Report(new JobProgress("score", before + scored, rows));
                }, token);
            }, ct);
            done!.AddTo(total);
            logger.LogDebug("Shard {Shard}: {Rows:N0} users scored", shard.Key, done.Rows);
        }
        if (total.Rows != rows)
            throw new InvalidDataException($"Scored {total.Rows} users but features '{options.FeaturesDirectory}' list {rows} rows in their row groups");

        progress?.Report(new JobProgress("commit", rows, rows));
        var committed = await partition.CommitAsync(ct);
        var result = new ScoreResult(committed.Path, asOf, manifest.ModelName, manifest.ModelVersion, total.Rows, committed.Files,
            total.BucketCounts, total.SumLtvExpected / Math.Max(1, total.Rows), committed.ReplacedPrevious, clock.Elapsed);
        logger.LogInformation("Published {Rows:N0} predictions in {Files} files to {Partition}{Replaced} ({Speed:N0} users/s)",
            result.Rows, result.Files.Count, result.PartitionDirectory, result.ReplacedPrevious ? ", replacing the previous version" : "", result.UsersPerSecond);
        return result;
    }

    /// <summary>Output file of features shard <paramref name="shard"/>: <c>part-00003.parquet</c>.</summary>
    public static string PartName(int shard) => $"part-{shard:D5}.parquet";
}
