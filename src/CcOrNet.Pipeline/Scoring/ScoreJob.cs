using CcOrNet.Model.Runtime;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using CcOrNet.Core.Jobs;
using CcOrNet.Core.Schema;
using CcOrNet.Lake.Partitions;
using CcOrNet.Lake.Predictions;
using CcOrNet.Model.Bundles;
using CcOrNet.Model.Data;
using CcOrNet.Pipeline.Resilience;
using Microsoft.Extensions.Logging;
using TorchSharp;

namespace CcOrNet.Pipeline.Scoring;

/// <summary>
/// <c>ccornet score</c>: streams a features table through a model bundle and publishes the predictions (BI contract,
/// <see cref="PredictionColumns"/>) as partition <c>dt=YYYY-MM-DD</c> of the output table, atomically: one Parquet
/// file per features shard (<c>part-NNNNN.parquet</c>, same shard number, rows in input order), <c>_SUCCESS</c> last.
/// A rerun replaces the partition with identical rows; a failure leaves the previous partition untouched.
/// </summary>
/// <remarks>
/// Shards are independent, so <see cref="ScoreOptions.Workers"/> of them are scored at once, each by its own
/// <see cref="ShardScorer"/> pipeline sharing the model (read-only in evaluation mode): with one torch thread per
/// worker, every core runs inference and the decode and write stages fill the gaps.
/// </remarks>
public static class ScoreJob
{
    public static async Task<ScoreResult> RunAsync(ScoreOptions options, IProgress<JobProgress>? progress, ILogger logger, CancellationToken ct)
    {
        options.Validate();
        NativeHeap.Configure();
        var clock = Stopwatch.StartNew();
        using var bundle = ModelBundle.Load(options.ModelDirectory);
        var table = await new BundleScorer(bundle).OpenAsync(options.FeaturesDirectory, ct);
        var asOf = table.Manifest.AsOf;
        if (options.AsOf is { } asked && asked != asOf)
            throw new InvalidDataException(
                $"Features '{options.FeaturesDirectory}' are a snapshot as of {asOf:yyyy-MM-dd}, but the partition to write is dated {asked:yyyy-MM-dd}; score the matching snapshot or pass --as-of {asOf:yyyy-MM-dd}");

        var shards = table.RowGroups.GroupBy(g => g.File).OrderBy(g => g.Key).Select(g => (Shard: g.Key, Groups: (IReadOnlyList<RowGroupRef>)g.ToList())).ToList();
        int workers = options.WorkersFor(shards.Count);
        torch.set_num_threads(options.TorchThreadsFor(workers));
        bundle.Model.SetTraining(false);

        var manifest = bundle.Manifest;
        var schema = new PredictionSchema(manifest.Buckets.BucketCount);
        var scorer = new ShardScorer(table, bundle.Model, schema, manifest.ModelVersion, asOf, options, InferenceRetry.Create(logger));
        long rows = table.Rows;
        logger.LogInformation("Scoring {Rows:N0} users of '{Features}' with {Model} ({Version}), batch {Batch}, {Workers} workers, {Threads} torch threads",
            rows, options.FeaturesDirectory, manifest.ModelName, manifest.ModelVersion, options.BatchSize, workers, torch.get_num_threads());
        progress?.Report(new JobProgress("score", 0, rows));

        await using var partition = PartitionWriter.Create(options.OutputDirectory, PredictionColumns.Partition(asOf), logger,
            new PartitionWriterOptions { Retry = options.Retry, FileSystem = options.FileSystem });
        var tallies = new ShardTally[shards.Count];
        long scoredTotal = 0;
        int next = -1;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        async Task WorkAsync()
        {
            try
            {
                for (int i = Interlocked.Increment(ref next); i < shards.Count; i = Interlocked.Increment(ref next))
                {
                    var (shard, groups) = shards[i];
                    ShardTally? done = null;
                    await partition.WriteFileAsync(PartName(shard), async (stream, token) =>
                    {
                        long scored = 0; // this attempt's users, taken back from the total if the file is retried
                        try
                        {
                            done = await scorer.ScoreAsync(groups, stream, n =>
                            {
                                scored += n;
                                progress?.Report(new JobProgress("score", Interlocked.Add(ref scoredTotal, n), rows));
                            }, token);
                        }
                        catch
                        {
                            Interlocked.Add(ref scoredTotal, -scored);
                            throw;
                        }
                    }, stop.Token);
                    tallies[i] = done!;
                    logger.LogDebug("Shard {Shard}: {Rows:N0} users scored", shard, done!.Rows);
                }
            }
            catch
            {
                stop.Cancel();
                throw;
            }
        }
        var running = Enumerable.Range(0, workers).Select(_ => Task.Run(WorkAsync, CancellationToken.None)).ToArray();
        try { await Task.WhenAll(running); }
        catch (Exception)
        {
            // The root cause wins over the cancellations it caused in the other workers.
            var errors = running.Where(t => t.IsFaulted).Select(t => t.Exception!.InnerException!).ToList();
            ct.ThrowIfCancellationRequested();
            ExceptionDispatchInfo.Throw(errors.FirstOrDefault(e => e is not OperationCanceledException) ?? errors[0]);
        }

        var total = new ShardTally(schema.Buckets, table.Layout.NumericCount, table.Layout.CategoricalCount);
        foreach (var tally in tallies) tally.AddTo(total);
        if (total.Rows != rows)
            throw new InvalidDataException($"Scored {total.Rows} users but features '{options.FeaturesDirectory}' list {rows} rows in their row groups");
        var drift = CheckDrift(ScoreDrift.Of(manifest, total), options, logger);

        progress?.Report(new JobProgress("commit", rows, rows));
        var committed = await partition.CommitAsync(ct);
        var result = new ScoreResult(committed.Path, asOf, manifest.ModelName, manifest.ModelVersion, total.Rows, committed.Files,
            total.BucketCounts, total.SumLtvExpected / Math.Max(1, total.Rows), drift, committed.ReplacedPrevious, clock.Elapsed);
        logger.LogInformation("Published {Rows:N0} predictions in {Files} files to {Partition}{Replaced} ({Speed:N0} users/s)",
            result.Rows, result.Files.Count, result.PartitionDirectory, result.ReplacedPrevious ? ", replacing the previous version" : "", result.UsersPerSecond);
        return result;
    }

    /// <summary>
    /// Logs the drift, as a warning when it needs attention, and fails the job before the commit
    /// when the prediction PSI exceeds <see cref="ScoreOptions.MaxPredictionPsi"/> (the previous partition stays).
    /// </summary>
    private static ScoreDrift CheckDrift(ScoreDrift drift, ScoreOptions options, ILogger logger)
    {
        string shares = $"predicted bucket shares {Shares(drift.BucketShares)}" +
            (drift.ReferenceBucketShares is { } reference ? $" against {Shares(reference)} on the training validation split" : "");
        if (drift.PredictionPsi is { } psi && psi > options.MaxPredictionPsi)
            throw new InvalidDataException(
                $"The scored users' {shares} (PSI {psi:F3} > --max-prediction-psi {options.MaxPredictionPsi}): these features differ from what the " +
                "model was trained on; check the snapshot (inputs, column mapping, dates) or retrain. Nothing was published");
        logger.Log(drift.NeedsAttention ? LogLevel.Warning : LogLevel.Information,
            "Drift against training: {Drift}; {Shares}{Advice}", drift.Describe(), shares,
            drift.NeedsAttention ? ". The model may be scoring a population it has not seen: compare with the training snapshot, and retrain if the shift is real" : "");
        return drift;
    }

    private static string Shares(IEnumerable<double> shares) => string.Join(" / ", shares.Select(s => s.ToString("P1", System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>Output file of features shard <paramref name="shard"/>: <c>part-00003.parquet</c>.</summary>
    public static string PartName(int shard) => $"part-{shard:D5}.parquet";
}
