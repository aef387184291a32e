using System.Diagnostics;
using CcOrNet.Core.Features;
using CcOrNet.Core.Jobs;
using CcOrNet.Engines;
using CcOrNet.Engines.DuckDb;
using CcOrNet.Model.Benchmarks;
using CcOrNet.Model.Bundles;
using CcOrNet.Model.Data;
using CcOrNet.Model.Runtime;
using Microsoft.Extensions.Logging;
using TorchSharp;

namespace CcOrNet.Pipeline.Scoring;

/// <summary>
/// <c>ccornet bench score</c>: the score job end to end (Parquet in, committed partition out) against two references on
/// the same data: the model alone on batches already held as tensors, and DuckDB copying the features Parquet.
/// </summary>
public static class ScoreBenchmark
{
    private const int Steps = 4;

    public static async Task<ScoreBenchmarkResult> RunAsync(ScoreBenchmarkOptions options, IProgress<JobProgress>? progress, ILogger logger, CancellationToken ct)
    {
        options.Validate();
        NativeHeap.Configure();
        Directory.CreateDirectory(options.OutputDirectory);

        progress?.Report(new JobProgress("score job", 0, Steps));
        var before = ProcessUsage.Now();
        var job = options.Job();
        var score = await ScoreJob.RunAsync(job, null, logger, ct);
        double scoreCpu = ProcessUsage.Now().Since(before).CpuSeconds;
        long peak;
        using (var self = Process.GetCurrentProcess()) peak = self.PeakWorkingSet64;

        progress?.Report(new JobProgress("decode", 1, Steps));
        using var bundle = ModelBundle.Load(options.ModelDirectory);
        var table = await new BundleScorer(bundle).OpenAsync(options.FeaturesDirectory, ct);
        var held = new List<FeatureRows>();
        long start = Stopwatch.GetTimestamp();
        await using (var reader = table.CreateReader())
        {
            foreach (var group in table.RowGroups)
            {
                if (held.Sum(r => (long)r.Count) >= options.InferenceRows) break;
                held.Add(await reader.ReadAsync(group, ct));
            }
        }
        double decodeSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        long decoded = held.Sum(r => (long)r.Count);

        progress?.Report(new JobProgress("inference in memory", 2, Steps));
        int workers = job.WorkersFor(table.RowGroups.Select(g => g.File).Distinct().Count());
        var (inferred, inferenceSeconds, inferenceCpu) = TimeInference(bundle, table, held, options.BatchSize, workers);

        progress?.Report(new JobProgress("duckdb copy", 3, Steps));
        before = ProcessUsage.Now();
        var (copied, copySeconds) = await TimeDuckDbCopyAsync(table.Manifest, options, ct);
        double copyCpu = ProcessUsage.Now().Since(before).CpuSeconds;
        if (copied != score.Rows)
            throw new InvalidDataException($"DuckDB copied {copied} rows but the score job wrote {score.Rows}: the two runs did not read the same table");
        progress?.Report(new JobProgress("duckdb copy", Steps, Steps));

        var result = new ScoreBenchmarkResult(score, peak, options.BatchSize, workers, torch.get_num_threads(), inferred,
            decoded / decodeSeconds, inferred / inferenceSeconds, copied / copySeconds, TimeSpan.FromSeconds(copySeconds),
            scoreCpu, inferenceCpu, copyCpu,
            ModelThroughput.Flops(bundle.Model, payerShare: 1, topBucketShare: 1).Forward);
        logger.LogInformation(
            "Score bench: {Rows:N0} users, score job {Score:N0}/s ({ScoreCpu:N0}/CPU-s), inference in memory {Inference:N0}/s (ratio {RatioInference:F2}), DuckDB copy {Copy:N0}/s (ratio {RatioCopy:F3}), decode {Decode:N0}/s, peak {Peak:N0} MB, {Flops:F2} MFLOP/user, {Gflops:F1} GFLOP/s",
            score.Rows, result.ScoreUsersPerSecond, result.ScoreUsersPerCpuSecond, result.InferenceUsersPerSecond, result.RatioToInference, result.DuckDbCopyUsersPerSecond,
            result.RatioToDuckDbCopy, result.DecodeUsersPerSecond, peak >> 20, result.InferenceFlopsPerUser / 1e6, result.InferenceGflops);
        return result;
    }

    /// <summary>
    /// model.Predict (outputs copied to arrays, as the job does) on batches built as tensors before the clock starts,
    /// by <paramref name="workers"/> threads at once (as many as the job's workers, each taking every workers-th batch).
    /// </summary>
    private static (int Rows, double Seconds, double CpuSeconds) TimeInference(
        ModelBundle bundle, FeatureTable table, List<FeatureRows> held, int batchSize, int workers)
    {
        var batches = new List<FeatureBatch>();
        try
        {
            foreach (var rows in held)
                using (var whole = rows.ToBatch(table.Layout))
                    foreach (var slice in whole.Split(batchSize))
                        batches.Add(new FeatureBatch(slice.Numeric.clone(), slice.Categorical.clone(), slice.Sequence.clone()));
            using (torch.NewDisposeScope()) bundle.Model.Predict(batches[0]); // warm-up
            var before = ProcessUsage.Now();
            var threads = Enumerable.Range(0, workers).Select(w => new Thread(() =>
            {
                for (int i = w; i < batches.Count; i += workers)
                    using (torch.NewDisposeScope())
                        bundle.Model.Predict(batches[i]);
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());
            var used = ProcessUsage.Now().Since(before);
            return (batches.Sum(b => b.Count), used.WallSeconds, used.CpuSeconds);
        }
        finally
        {
            foreach (var batch in batches) batch.Dispose();
        }
    }

    private static async Task<(long Rows, double Seconds)> TimeDuckDbCopyAsync(FeatureManifest manifest, ScoreBenchmarkOptions options, CancellationToken ct)
    {
        string target = Path.Combine(Path.GetFullPath(options.OutputDirectory), "duckdb-copy.parquet");
        await using var engine = await DuckDbEngine.OpenAsync(new EngineSettings { Threads = options.Threads > 0 ? options.Threads : null }, ct);
        var d = engine.Dialect;
        string files = string.Join(", ", manifest.Files.Select(f => d.Literal(Path.Combine(Path.GetFullPath(options.FeaturesDirectory), f))));
        try
        {
            long start = Stopwatch.GetTimestamp();
            await engine.ExecuteAsync($"COPY (SELECT * FROM read_parquet([{files}])) TO {d.Literal(target)} (FORMAT parquet)", ct);
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            long rows = Convert.ToInt64((await engine.QueryAsync($"SELECT count(*) FROM read_parquet({d.Literal(target)})", ct))[0][0]);
            return (rows, seconds);
        }
        finally
        {
            File.Delete(target);
        }
    }
}
