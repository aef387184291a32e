using System.Diagnostics;
using CcOrNet.Core.Jobs;
using CcOrNet.Core.Thresholds;
using CcOrNet.Model.Benchmarks;
using CcOrNet.Model.Data;
using CcOrNet.Model.Models;
using CcOrNet.Model.Training;
using Microsoft.Extensions.Logging;
using TorchSharp;
using ModelBuckets = CcOrNet.Model.Buckets.BucketEdges;

namespace CcOrNet.Pipeline.Training;

/// <summary>
/// <c>ccornet bench train</c>: samples/s of the real training path (Parquet streamed through <see cref="BatchStream"/>
/// into <see cref="StreamingTrainer"/>) against the same steps on batches already held as tensors.
/// </summary>
public static class TrainBenchmark
{
    public static async Task<TrainBenchmarkResult> RunAsync(TrainBenchmarkOptions options, IProgress<JobProgress>? progress, ILogger logger, CancellationToken ct)
    {
        options.Validate();
        if (options.Threads > 0) torch.set_num_threads(options.Threads);
        var thresholds = BucketThresholds.Read(options.ThresholdsFile);
        var table = await FeatureTable.OpenAsync(options.FeaturesDirectory, thresholds, requireLabel: true, ct: ct);
        var buckets = new ModelBuckets(thresholds.BucketEdges, thresholds.TopEdge).Validate();
        using var model = LtvModelFactory.Create(options.Model, table.Layout, buckets, seed: options.Seed);
        using var trainer = new StreamingTrainer(model, new TrainerOptions(Seed: options.Seed));
        var stream = new BatchStreamOptions(options.BatchSize, Shuffle: true, options.Seed);
        int limit = options.MaxBatches > 0 ? options.MaxBatches : int.MaxValue;

        progress?.Report(new JobProgress("warm-up", 0, 4));
        if (options.WarmupBatches > 0)
            await trainer.TrainEpochAsync(Take(BatchStream.ReadAsync(table, stream, 99, ct), options.WarmupBatches), 99, ct: ct);

        progress?.Report(new JobProgress("decode", 1, 4));
        long start = Stopwatch.GetTimestamp();
        long decoded = 0;
        await foreach (var batch in Take(BatchStream.ReadAsync(table, stream, 0, ct), limit)) decoded += batch.Count;
        double decodeSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;

        progress?.Report(new JobProgress("streamed training", 2, 4));
        start = Stopwatch.GetTimestamp();
        long streamed = 0;
        await trainer.TrainEpochAsync(Take(BatchStream.ReadAsync(table, stream, 0, ct), limit), 0, rows => streamed = rows, ct);
        double streamedSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;

        progress?.Report(new JobProgress("in-memory training", 3, 4));
        var held = new List<FeatureRows>();
        await foreach (var batch in Take(BatchStream.ReadAsync(table, stream, 0, ct), limit)) held.Add(batch);
        var tensors = held.Select(b => b.ToBatch(table.Layout)).ToList();
        try
        {
            var parameters = model.Parameters().ToList();
            using var optimizer = torch.optim.Adam(parameters, lr: 1e-3);
            model.SetTraining(true);
            start = Stopwatch.GetTimestamp();
            foreach (var batch in tensors)
            {
                ct.ThrowIfCancellationRequested();
                using var scope = torch.NewDisposeScope();
                optimizer.zero_grad();
                model.Loss(batch).Total.backward();
                torch.nn.utils.clip_grad_norm_(parameters, 5.0);
                optimizer.step();
            }
            double inMemorySeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            long inMemory = held.Sum(b => (long)b.Count);
            double Share(double above) => held.SelectMany(b => b.Label!).Count(y => y > above) / (double)Math.Max(1, inMemory);
            var (_, trainFlops) = ModelThroughput.Flops(model, Share(ModelBuckets.ZeroThreshold), Share(buckets.Edges[^1]));
            progress?.Report(new JobProgress("in-memory training", 4, 4));
            var result = new TrainBenchmarkResult(streamed, options.BatchSize, torch.get_num_threads(),
                decoded / decodeSeconds, streamed / streamedSeconds, inMemory / inMemorySeconds, trainFlops);
            logger.LogInformation("Train bench: {Rows} rows, batch {Batch}, {Threads} threads: decode {Decode:N0}/s, streamed {Streamed:N0}/s, in memory {Memory:N0}/s, ratio {Ratio:F2}",
                result.Rows, result.BatchSize, result.Threads, result.DecodeSamplesPerSecond, result.StreamedSamplesPerSecond, result.InMemorySamplesPerSecond, result.Ratio);
            return result;
        }
        finally
        {
            foreach (var batch in tensors) batch.Dispose();
        }
    }

    private static async IAsyncEnumerable<FeatureRows> Take(IAsyncEnumerable<FeatureRows> batches, int count)
    {
        if (count <= 0) yield break;
        int taken = 0;
        await foreach (var batch in batches)
        {
            yield return batch;
            if (++taken >= count) yield break;
        }
    }
}
