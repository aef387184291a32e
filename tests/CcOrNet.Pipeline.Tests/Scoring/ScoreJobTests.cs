using CcOrNet.Core.Jobs;
using CcOrNet.Engines;
using CcOrNet.Engines.DuckDb;
using CcOrNet.Lake.Retries;
using CcOrNet.Lake.Tests.Faults;
using CcOrNet.Model.Bundles;
using CcOrNet.Pipeline.Scoring;
using CcOrNet.Pipeline.Tests.Training;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CcOrNet.Pipeline.Tests.Scoring;

[Collection("Training")]
public sealed class ScoreJobTests(TrainingLake lake)
{
    private static readonly DateOnly AsOf = new(2025, 7, 1);

    private async Task<ScoreOptions> OptionsAsync(string table) => new()
    {
        ModelDirectory = await ScoringBundle.GetAsync(lake),
        FeaturesDirectory = lake.FeaturesDirectory,
        OutputDirectory = lake.Scratch(table),
        BatchSize = 200,
        RowGroupRows = 150,
        Workers = 2,
        Retry = new LakeRetryOptions { MaxRetryAttempts = 3, BaseDelay = TimeSpan.Zero },
    };

    private static Task<ScoreResult> ScoreAsync(ScoreOptions options, ILogger? logger = null, IProgress<JobProgress>? progress = null, CancellationToken ct = default) =>
        ScoreJob.RunAsync(options, progress, logger ?? NullLogger.Instance, ct);

    private static async Task<IReadOnlyList<object?[]>> QueryAsync(string sql)
    {
        await using var engine = await DuckDbEngine.OpenAsync(new EngineSettings { Threads = 1 });
        return await engine.QueryAsync(sql);
    }

    /// <summary>The data files of one partition folder, without DuckDB's hive partition columns.</summary>
    private static string Files(string partition) => $"read_parquet('{Path.Combine(partition, "*.parquet")}', hive_partitioning = false)";

    /// <summary>Rows of <paramref name="a"/> missing from <paramref name="b"/> plus rows of b missing from a (as multisets).</summary>
    private static async Task<long> DifferingRowsAsync(string a, string b) => Convert.ToInt64((await QueryAsync(
        $"SELECT (SELECT count(*) FROM (SELECT * FROM {Files(a)} EXCEPT ALL SELECT * FROM {Files(b)})) + " +
        $"(SELECT count(*) FROM (SELECT * FROM {Files(b)} EXCEPT ALL SELECT * FROM {Files(a)}))"))[0][0]);

    private static string CopyOf(string partition)
    {
        string copy = partition + "-copy";
        Directory.CreateDirectory(copy);
        foreach (string file in Directory.GetFiles(partition)) File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        return copy;
    }

    private static string[] HiddenLeftovers(string table) =>
        Directory.GetFileSystemEntries(Path.GetDirectoryName(table)!).Select(Path.GetFileName)
            .Where(n => n!.Contains(".staging-") || n.Contains(".retired-")).Select(n => n!).ToArray();

    [Fact]
    public async Task RunAsync_TinyBundle_PublishesContractColumnsAndTypes()
    {
        var options = await OptionsAsync("contract");

        var result = await ScoreAsync(options);

        Assert.Equal(Path.Combine(options.OutputDirectory, "dt=2025-07-01"), result.PartitionDirectory);
        Assert.Equal(AsOf, result.AsOf);
        Assert.Equal(lake.Manifest.Rows, result.Rows);
        Assert.Equal(lake.Manifest.Rows, result.BucketCounts.Sum());
        Assert.True(File.Exists(Path.Combine(result.PartitionDirectory, "_SUCCESS")));
        Assert.Equal(result.Files.Order(), Directory.GetFiles(result.PartitionDirectory, "*.parquet").Select(Path.GetFileName).Order());
        var types = (await QueryAsync($"DESCRIBE SELECT * FROM {Files(result.PartitionDirectory)}")).Select(r => $"{r[0]} {r[1]}");
        Assert.Equal(
            ["user_id BIGINT", "ltv_pred DOUBLE", "ltv_expected DOUBLE", "bucket INTEGER", "p_bucket_0 DOUBLE", "p_bucket_1 DOUBLE",
             "p_bucket_2 DOUBLE", "p_bucket_3 DOUBLE", "p_payer DOUBLE", "whale_score DOUBLE", "model_version VARCHAR", "as_of DATE"],
            types);
        var partitions = await QueryAsync($"SELECT dt, count(*) FROM read_parquet('{Path.Combine(options.OutputDirectory, "*", "*.parquet")}', hive_partitioning = true) GROUP BY dt");
        Assert.Equal(AsOf, Assert.Single(partitions)[0]);
        Assert.Equal(lake.Manifest.Rows, Convert.ToInt64(partitions[0][1]));
    }

    [Fact]
    public async Task RunAsync_TinyBundle_ProbabilitiesSumToOneAndRowsMatchTheModelInInputOrder()
    {
        var options = await OptionsAsync("values");
        var result = await ScoreAsync(options);

        var stats = (await QueryAsync(
            "SELECT count(*), max(abs(p_bucket_0 + p_bucket_1 + p_bucket_2 + p_bucket_3 - 1)), " +
            "least(min(p_bucket_0), min(p_bucket_1), min(p_bucket_2), min(p_bucket_3)), max(abs(p_payer - (1 - p_bucket_0))), " +
            "max(abs(whale_score - p_bucket_3)), count(DISTINCT model_version), min(model_version), min(as_of), max(as_of), " +
            $"count(*) FILTER (WHERE bucket < 0 OR bucket > 3), count(DISTINCT user_id) FROM {Files(result.PartitionDirectory)}"))[0];
        Assert.Equal(lake.Manifest.Rows, Convert.ToInt64(stats[0]));
        Assert.True(Convert.ToDouble(stats[1]) < 1e-5, $"p_bucket sum is off 1 by {stats[1]}");
        Assert.True(Convert.ToDouble(stats[2]) >= 0, $"negative p_bucket {stats[2]}");
        Assert.True(Convert.ToDouble(stats[3]) < 1e-5, $"p_payer differs from 1 - p_bucket_0 by {stats[3]}");
        Assert.True(Convert.ToDouble(stats[4]) < 1e-5, $"whale_score differs from p_bucket_3 by {stats[4]}");
        Assert.Equal(1L, Convert.ToInt64(stats[5]));
        Assert.Equal(result.ModelVersion, stats[6]);
        Assert.Equal(AsOf, stats[7]);
        Assert.Equal(AsOf, stats[8]);
        Assert.Equal(0L, Convert.ToInt64(stats[9]));
        Assert.Equal(lake.Manifest.Rows, Convert.ToInt64(stats[10]));

        using var bundle = ModelBundle.Load(options.ModelDirectory);
        var expectedIds = new List<long>();
        var expectedValues = new List<double>();
        await foreach (var chunk in new BundleScorer(bundle).ScoreAsync(lake.FeaturesDirectory, batchSize: 333))
        {
            expectedIds.AddRange(chunk.UserIds);
            expectedValues.AddRange(chunk.Predictions.LtvExpected.Select(v => (double)v));
        }
        var written = await ParquetColumns.ReadAsync(result.PartitionDirectory, result.Files, ["user_id", "ltv_expected"]);
        Assert.Equal(expectedIds, written["user_id"].Select(Convert.ToInt64));
        var actualValues = written["ltv_expected"].Select(Convert.ToDouble).ToList();
        Assert.All(expectedValues.Zip(actualValues), p => Assert.True(Math.Abs(p.First - p.Second) <= 1e-4 * (1 + Math.Abs(p.First)), $"{p.First} vs {p.Second}"));
    }

    [Fact]
    public async Task RunAsync_OneOrThreeWorkers_SameFilesWithTheSameRowsInTheSameOrder()
    {
        var one = await ScoreAsync(await OptionsAsync("one-worker") with { Workers = 1 });
        var three = await ScoreAsync(await OptionsAsync("three-workers") with { Workers = 3 });

        Assert.True(one.Files.Count >= 2, $"the test lake should have several shards, has {one.Files.Count}");
        Assert.Equal(one.Files, three.Files);
        Assert.Equal(one.BucketCounts, three.BucketCounts);
        Assert.Equal(0, await DifferingRowsAsync(one.PartitionDirectory, three.PartitionDirectory));
        foreach (string file in one.Files)
        {
            var a = await ParquetColumns.ReadAsync(one.PartitionDirectory, [file], ["user_id"]);
            var b = await ParquetColumns.ReadAsync(three.PartitionDirectory, [file], ["user_id"]);
            Assert.Equal(a["user_id"], b["user_id"]);
        }
    }

    [Fact]
    public async Task RunAsync_Rerun_ReplacesThePartitionWithIdenticalRows()
    {
        var options = await OptionsAsync("rerun");
        var first = await ScoreAsync(options);
        string before = CopyOf(first.PartitionDirectory);
        File.WriteAllText(Path.Combine(first.PartitionDirectory, "part-99999.parquet"), "stray file of the old version");

        var second = await ScoreAsync(options);

        Assert.True(second.ReplacedPrevious);
        Assert.False(File.Exists(Path.Combine(second.PartitionDirectory, "part-99999.parquet")));
        Assert.Equal(first.Files, second.Files);
        Assert.Equal(0, await DifferingRowsAsync(before, second.PartitionDirectory));
        var a = await ParquetColumns.ReadAsync(before, first.Files, ["user_id"]);
        var b = await ParquetColumns.ReadAsync(second.PartitionDirectory, second.Files, ["user_id"]);
        Assert.Equal(a["user_id"], b["user_id"]);
        Assert.Empty(HiddenLeftovers(options.OutputDirectory));
    }

    [Fact]
    public async Task RunAsync_PermanentFaultMidWrite_FailsAndPreviousPartitionStaysIntactAndReadable()
    {
        var options = await OptionsAsync("fault");
        var previous = await ScoreAsync(options);
        var files = new FaultyFileSystem { BrokenWrites = 1, BreakAfterBytes = 4096, Fault = () => new UnauthorizedAccessException("injected: permission denied") };
        var logger = new ListLogger();

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => ScoreAsync(options with { FileSystem = files }, logger));

        Assert.Empty(logger.Warnings);
        Assert.True(File.Exists(Path.Combine(previous.PartitionDirectory, "_SUCCESS")));
        Assert.Equal(previous.Files.Order(), Directory.GetFiles(previous.PartitionDirectory, "*.parquet").Select(Path.GetFileName).Order());
        Assert.Equal(lake.Manifest.Rows, Convert.ToInt64((await QueryAsync($"SELECT count(*) FROM {Files(previous.PartitionDirectory)}"))[0][0]));
        Assert.Empty(HiddenLeftovers(options.OutputDirectory));
    }

    [Fact]
    public async Task RunAsync_KilledMidWrite_NoPartitionBecomesVisible()
    {
        var options = await OptionsAsync("killed");
        using var kill = new CancellationTokenSource();
        var progress = new CancelAfterRows(kill, rows: 400);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ScoreAsync(options, progress: progress, ct: kill.Token));

        Assert.True(progress.Seen >= 400);
        Assert.False(Directory.Exists(Path.Combine(options.OutputDirectory, "dt=2025-07-01")));
        Assert.Empty(HiddenLeftovers(options.OutputDirectory));
    }

    [Fact]
    public async Task RunAsync_TransientFaults_RetriedWithLogsAndSameRowsAsACleanRun()
    {
        var clean = await ScoreAsync(await OptionsAsync("clean"));
        var files = new FaultyFileSystem { BrokenWrites = 2, BreakAfterBytes = 1000 };
        var logger = new ListLogger();

        var retried = await ScoreAsync(await OptionsAsync("retried") with { FileSystem = files }, logger);

        Assert.Equal(2, logger.Warnings.Count);
        Assert.All(logger.Warnings, w => Assert.Contains("injected transient write fault", w));
        Assert.Equal(clean.Rows, retried.Rows);
        Assert.Equal(clean.BucketCounts, retried.BucketCounts);
        Assert.Equal(0, await DifferingRowsAsync(clean.PartitionDirectory, retried.PartitionDirectory));
    }

    [Fact]
    public async Task RunAsync_FeaturesWithAnotherSchema_RefusedNamingTheColumnsAndNothingWritten()
    {
        var options = await OptionsAsync("schema");
        string dropped = lake.Manifest.Schema.Numeric[0].Name;
        string other = lake.CopyWithManifest("score-other-schema", m => m with
        {
            Schema = m.Schema with { Numeric = [.. m.Schema.Numeric.Skip(1)], SequenceChannels = [.. m.Schema.SequenceChannels, "clicks"] },
        });

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ScoreAsync(options with { FeaturesDirectory = other }));

        Assert.Contains(dropped, error.Message);
        Assert.Contains("clicks", error.Message);
        Assert.False(Directory.Exists(options.OutputDirectory));
    }

    [Fact]
    public async Task RunAsync_AsOfOtherThanTheSnapshot_Refused()
    {
        var options = await OptionsAsync("as-of") with { AsOf = new DateOnly(2025, 7, 2) };

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ScoreAsync(options));

        Assert.Contains("2025-07-01", error.Message);
        Assert.Contains("2025-07-02", error.Message);
        Assert.False(Directory.Exists(options.OutputDirectory));
    }

    [Fact]
    public async Task RunAsync_BadOptions_ThrowsListingEveryProblem()
    {
        var options = new ScoreOptions
        {
            ModelDirectory = "", FeaturesDirectory = lake.FeaturesDirectory, OutputDirectory = lake.Scratch("bad"),
            BatchSize = 0, Workers = -2, Threads = -1, Retry = new LakeRetryOptions { MaxRetryAttempts = 50 },
        };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => ScoreAsync(options));

        Assert.Contains("model directory", error.Message);
        Assert.Contains("batch size", error.Message);
        Assert.Contains("workers must be >= 0, got -2", error.Message);
        Assert.Contains("threads", error.Message);
        Assert.Contains("retry attempts", error.Message);
    }

    /// <summary>Cancels the job synchronously once it has reported <c>rows</c> scored users: a kill in the middle of writing.</summary>
    private sealed class CancelAfterRows(CancellationTokenSource kill, long rows) : IProgress<JobProgress>
    {
        public long Seen { get; private set; }

        public void Report(JobProgress value)
        {
            if (value.Step != "score") return;
            Seen = value.Done;
            if (value.Done >= rows) kill.Cancel();
        }
    }
}
