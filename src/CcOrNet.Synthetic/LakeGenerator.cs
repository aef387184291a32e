using System.Diagnostics;
using CcOrNet.Core.Jobs;
using CcOrNet.Lake.Commit;
using CcOrNet.Synthetic.Output;
using Microsoft.Extensions.Logging;

namespace CcOrNet.Synthetic;

/// <summary>
/// Writes a realistic synthetic lake: <c>events/</c> and <c>users/</c> Parquet shards and
/// <c>generate.json</c>. The story behind the numbers is in docs/data.md.
/// </summary>
public static class LakeGenerator
{
    /// <summary>Progress step name: units are users.</summary>
    public const string ProgressStep = "users";

    /// <summary>
    /// Generates the lake into a staging folder and publishes it only when complete: a failed or
    /// cancelled run leaves no partial output (an earlier lake at the same path stays as it was).
    /// </summary>
    /// <remarks>
    /// Shards are written in parallel, so <paramref name="progress"/> is called from worker threads
    /// (<see cref="Progress{T}"/> and other thread-safe sinks are fine).
    /// </remarks>
    /// <exception cref="ArgumentException">The options break one or more rules (all listed).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled; nothing was published.</exception>
    public static async Task<GeneratedLake> RunAsync(
        GeneratorOptions options, IProgress<JobProgress>? progress, ILogger logger, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        long start = Stopwatch.GetTimestamp();
        int shards = options.ResolvedShards;
        logger.LogInformation("Generating {Users} users in {Shards} shards with seed {Seed} into {Out}",
            options.Users, shards, options.Seed, options.OutputDirectory);

        using StagedDirectory staged = StagedDirectory.Create(options.OutputDirectory, logger);
        string eventsDir = Directory.CreateDirectory(Path.Combine(staged.StagingPath, LakeManifest.EventsFolder)).FullName;
        string usersDir = Directory.CreateDirectory(Path.Combine(staged.StagingPath, LakeManifest.UsersFolder)).FullName;

        long usersDone = 0;
        void Report(long delta) => progress?.Report(new JobProgress(ProgressStep, Interlocked.Add(ref usersDone, delta), options.Users));
        progress?.Report(new JobProgress(ProgressStep, 0, options.Users));

        var eventRows = new long[shards];
        var buffers = new ShardBuffers(options.RowGroupRows);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.ResolvedParallelism, CancellationToken = ct };
        await Parallel.ForEachAsync(Enumerable.Range(0, shards), parallel, async (shard, token) =>
        {
            (long firstId, long endId) = ShardGenerator.UserRange(shard, shards, options.Users);
            string part = ParquetFiles.PartName(shard);
            var rented = buffers.Rent();
            eventRows[shard] = await ShardGenerator.RunAsync(firstId, endId, options.Seed, rented,
                Path.Combine(eventsDir, part), Path.Combine(usersDir, part), Report, token);
            buffers.Return(rented);
        });

        long totalEvents = eventRows.Sum();
        LakeManifest.Write(Path.Combine(staged.StagingPath, LakeManifest.FileName), options, shards, options.Users, totalEvents);
        staged.Commit();

        TimeSpan elapsed = Stopwatch.GetElapsedTime(start);
        logger.LogInformation("Generated {Users} users and {Events} events in {Elapsed:F1} s into {Out}",
            options.Users, totalEvents, elapsed.TotalSeconds, staged.TargetPath);
        return new GeneratedLake(
            staged.TargetPath,
            Path.Combine(staged.TargetPath, LakeManifest.EventsFolder),
            Path.Combine(staged.TargetPath, LakeManifest.UsersFolder),
            Path.Combine(staged.TargetPath, LakeManifest.FileName),
            options.Users, totalEvents, shards, LakeCalendar.DefaultTask, elapsed);
    }
}
