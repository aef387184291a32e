using System.Diagnostics;
using CcOrNet.Core.Jobs;
using CcOrNet.Core.Thresholds;
using CcOrNet.Model.Benchmarks;
using CcOrNet.Model.Data;
using CcOrNet.Model.Distributed;
using CcOrNet.Model.Models;
using CcOrNet.Model.Runtime;
using CcOrNet.Model.Training;
using Microsoft.Extensions.Logging;
using TorchSharp;
using ModelBuckets = CcOrNet.Model.Buckets.BucketEdges;

namespace CcOrNet.Pipeline.Training;

/// <summary>
/// <c>ccornet bench train</c>: samples/s of the real training path (Parquet streamed through <see cref="BatchStream"/>
/// into <see cref="StreamingTrainer"/>, with the <see cref="DecodedRowCache"/> of <c>ccornet train</c> serving the epochs
/// after the first) against the same steps on batches already held as tensors, over
/// <see cref="TrainBenchmarkOptions.Epochs"/> epochs, for one worker or <see cref="TrainBenchmarkOptions.Workers"/>
/// in-process data-parallel workers laid out as <c>ccornet train --workers</c> does (own shard, a slice of every global
/// batch, one all-reduce per step), plus the fp32 matmul rate of the same layout measured in the same minute.
/// </summary>
public static class TrainBenchmark
{
    public static async Task<TrainBenchmarkResult> RunAsync(TrainBenchmarkOptions options, IProgress<JobProgress>? progress, ILogger logger, CancellationToken ct)
    {
        options.Validate();
        NativeHeap.Configure();
        if (options.Threads > 0) torch.set_num_threads(options.Threads);
        else if (options.Workers > 1) torch.set_num_threads(Math.Max(1, Environment.ProcessorCount / options.Workers));
        var thresholds = BucketThresholds.Read(options.ThresholdsFile);
        var table = await FeatureTable.OpenAsync(options.FeaturesDirectory, thresholds, requireLabel: true, ct: ct);
        var buckets = new ModelBuckets(thresholds.BucketEdges, thresholds.TopEdge).Validate();
        int limit = options.MaxBatches > 0 ? options.MaxBatches : int.MaxValue;

        progress?.Report(new JobProgress("decode", 0, 4));
        var decode = Measure.Begin();
        long decoded = 0;
        var global = new BatchStreamOptions(options.BatchSize, Shuffle: true, options.Seed);
        await foreach (var batch in Take(BatchStream.ReadAsync(table, global, 0, ct), limit)) decoded += batch.Count;
        var decodeTime = decode.Stop();

        progress?.Report(new JobProgress("matmul peak", 1, 4));
        var peak = await InProcessGroup.RunAsync(options.Workers, TimeSpan.FromMinutes(10), (group, _) => Task.FromResult(MatmulGflops(group)), ct);

        var cache = OpenEmptyCache(options, table);
        try
        {
            var results = await InProcessGroup.RunAsync(options.Workers, TimeSpan.FromMinutes(30),
                (group, token) => RunWorkerAsync(options, table, buckets, limit, cache, group, group.Rank == 0 ? progress : null, token), ct);
            var (streamed, epochs, inMemory, flops, cached, decodedGroups) = results[0];
            var result = new TrainBenchmarkResult(epochs[0].Rows, options.Epochs, options.BatchSize, torch.get_num_threads(), options.Workers,
                decoded / decodeTime.Seconds, streamed.Rows / streamed.Seconds, epochs.Select(e => e.Rows / e.Seconds).ToArray(),
                inMemory.Rows / inMemory.Seconds, flops, streamed.Usage, inMemory.Usage, peak.Sum(), options.PeakGflops,
                cache is not null, cached, decodedGroups);
            progress?.Report(new JobProgress("done", 4, 4));
            if (cache?.WriteFailure is not null)
                logger.LogWarning("Decode cache {Folder} stopped writing ({Reason}); the pass from Parquet decoded the rest", cache.Directory, cache.WriteFailure);
            logger.LogInformation(
                "Train bench: {Rows} rows x {Epochs} epoch(s), batch {Batch}, {Workers} worker(s) x {Threads} thread(s): decode {Decode:N0}/s, streamed {Streamed:N0}/s ({PerEpoch}), in memory {Memory:N0}/s, ratio {Ratio:F2}, {Gflops:F1} GFLOP/s in memory ({Share:P1} of {Peak} GFLOP/s; matmul now {Matmul:F1} GFLOP/s); decode cache {Cache}",
                result.Rows, result.Epochs, result.BatchSize, result.Workers, result.Threads, result.DecodeSamplesPerSecond, result.StreamedSamplesPerSecond,
                string.Join(", ", result.StreamedEpochSamplesPerSecond.Select(v => v.ToString("N0"))), result.InMemorySamplesPerSecond, result.Ratio,
                result.InMemoryGflops, result.PeakShare, result.PeakGflops, result.MatmulGflops,
                cache is null ? "none" : $"{cached} row groups read, {decodedGroups} decoded");
            return result;
        }
        finally
        {
            cache?.Delete();
        }
    }

    /// <summary>The decode cache of the pass from Parquet, empty so that its first epoch decodes; null when off.</summary>
    private static DecodedRowCache? OpenEmptyCache(TrainBenchmarkOptions options, FeatureTable table)
    {
        if (!options.DecodeCache) return null;
        string folder = options.DecodeCacheDirectory ?? Directory.CreateTempSubdirectory("ccornet-bench-decoded-").FullName;
        DecodedRowCache.Open(folder, table).Delete();
        return DecodedRowCache.Open(folder, table);
    }

    /// <summary>
    /// One worker: warm-up, timed epochs from Parquet (through the decode cache), then the first epoch's slices as
    /// tensors for as many epochs, each epoch started together.
    /// </summary>
    private static async Task<(Pass Streamed, Pass[] Epochs, Pass InMemory, double Flops, long Cached, long Decoded)> RunWorkerAsync(
        TrainBenchmarkOptions options, FeatureTable table, ModelBuckets buckets, int limit, DecodedRowCache? cache, ICollective group,
        IProgress<JobProgress>? progress, CancellationToken ct)
    {
        var shard = table.Subset(DataShards.RowGroupsOf(table, group.Rank, group.Size));
        // Warm-up without the cache: the timed first epoch decodes every row group it reads.
        var stream = new BatchStreamOptions(DataShards.SliceSize(options.BatchSize, group.Rank, group.Size), Shuffle: true, options.Seed);
        // The timed pass reuses its arrays as ccornet train does; the in-memory set-up below keeps its batches, so it does not.
        var cached = stream with { DecodeCache = cache };
        var timed = cached with { Buffers = new FeatureRowsPool(table.Layout) };
        using var model = LtvModelFactory.Create(options.Model, table.Layout, buckets, seed: options.Seed);
        using var trainer = new StreamingTrainer(model, new TrainerOptions(Seed: options.Seed), group);

        progress?.Report(new JobProgress("warm-up", 1, 4));
        if (options.WarmupBatches > 0)
            await trainer.TrainEpochAsync(Take(BatchStream.ReadAsync(shard, stream, 99, ct), options.WarmupBatches), 99, ct: ct);

        progress?.Report(new JobProgress("train from Parquet", 2, 4));
        var epochs = new Pass[options.Epochs];
        for (int epoch = 0; epoch < epochs.Length; epoch++)
        {
            group.Barrier();
            var lap = Measure.Begin();
            long rows = 0;
            await trainer.TrainEpochAsync(Take(BatchStream.ReadAsync(shard, timed, epoch, ct), limit), epoch, done => rows = done, ct);
            epochs[epoch] = lap.Stop() with { Rows = rows };
        }
        var streamed = Total(epochs);
        // The counts of the whole pass: read once every worker's stream has ended and before any worker starts the
        // in-memory set-up below, which reads the (shared) cache too.
        group.Barrier();
        long cachedGroups = cache?.Hits ?? 0, decodedGroups = cache?.Misses ?? 0;
        group.Barrier();

        progress?.Report(new JobProgress("train in memory", 3, 4));
        var held = new List<FeatureRows>();
        await foreach (var batch in Take(BatchStream.ReadAsync(shard, cached, 0, ct), limit)) held.Add(batch);
        var tensors = held.Select(b => b.ToBatch(table.Layout)).ToList();
        try
        {
            var laps = new Pass[options.Epochs];
            for (int epoch = 0; epoch < laps.Length; epoch++)
            {
                group.Barrier();
                var lap = Measure.Begin();
                long rows = 0;
                await trainer.TrainEpochAsync(Held(tensors), epoch, done => rows = done, ct);
                laps[epoch] = lap.Stop() with { Rows = rows };
            }
            var inMemory = Total(laps);

            var labels = held.SelectMany(b => b.Label!).ToArray();
            var shares = new[] { labels.Count(y => y > ModelBuckets.ZeroThreshold), labels.Count(y => y > buckets.Edges[^1]), (double)labels.Length };
            group.AllReduceSum(shares);
            var (_, trainFlops) = ModelThroughput.Flops(model, shares[0] / Math.Max(1, shares[2]), shares[1] / Math.Max(1, shares[2]));
            return (streamed, epochs, inMemory, trainFlops, cachedGroups, decodedGroups);
        }
        finally
        {
            foreach (var batch in tensors) batch.Dispose();
        }
    }

    /// <summary>fp32 GFLOP/s of 1024 x 1024 matmuls on this worker's thread(s) for about a second, every worker at once.</summary>
    private static double MatmulGflops(ICollective group)
    {
        const int N = 1024;
        using var scope = torch.NewDisposeScope();
        var a = torch.randn(N, N);
        var b = torch.randn(N, N);
        using (torch.matmul(a, b)) { }
        group.Barrier();
        var clock = Stopwatch.StartNew();
        int runs = 0;
        while (clock.Elapsed < TimeSpan.FromSeconds(1) || runs < 3)
        {
            using var product = torch.matmul(a, b);
            runs++;
        }
        return 2.0 * N * N * N * runs / clock.Elapsed.TotalSeconds / 1e9;
    }

    private static async IAsyncEnumerable<FeatureBatch> Held(IEnumerable<FeatureBatch> batches)
    {
        foreach (var batch in batches)
        {
            await Task.CompletedTask;
            yield return batch;
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

    /// <summary>Wall clock, CPU time and page faults of one timed pass, and the rows it trained.</summary>
    private sealed record Pass(ProcessUsage Usage, long Rows)
    {
        public double Seconds => Usage.WallSeconds;
    }

    private static Pass Total(IReadOnlyCollection<Pass> epochs) => new(ProcessUsage.Sum(epochs.Select(e => e.Usage)), epochs.Sum(e => e.Rows));

    private readonly record struct Measure(ProcessUsage Start)
    {
        public static Measure Begin() => new(ProcessUsage.Now());

        public Pass Stop() => new(ProcessUsage.Now().Since(Start), 0);
    }
}
