using CcOrNet.Core.Metrics;
using CcOrNet.Core.Thresholds;
using CcOrNet.Pipeline.Quality;
using CcOrNet.Pipeline.Tests.Features;
using CcOrNet.Synthetic;
using Microsoft.Extensions.Logging.Abstractions;

namespace CcOrNet.Pipeline.Tests.Quality;

/// <summary>The bench end to end on a tiny generated lake: 2 500 users, one epoch, one seed, CC-OR-Net and the heuristic.</summary>
[Collection("DuckDB")]
public sealed class QualityBenchTests : IClassFixture<QualityBenchTests.TinyBench>
{
    private readonly TinyBench bench;

    public QualityBenchTests(TinyBench bench) => this.bench = bench;

    [Fact]
    public void RunAsync_TinyLake_CompleteTableWithFiniteNumbers()
    {
        var result = bench.Result;
        Assert.Equal(["ccornet", ModelVariant.Named("ccornet").UncalibratedName, ModelVariant.PastSpend], result.Rows.Select(r => r.Model));
        Assert.True(result.TrainUsers > 1000 && result.TestUsers > 1000, $"{result.TrainUsers} train / {result.TestUsers} test users");
        foreach (var row in result.Rows)
            foreach (var (key, _) in QualityReport.Columns)
            {
                Assert.True(row.Metrics.TryGetValue(key, out var spread), $"{row.Model} lacks {key}");
                Assert.True(double.IsFinite(spread.Mean) && double.IsFinite(spread.Std), $"{row.Model} {key} = {spread}");
            }

        string markdown = File.ReadAllText(result.MarkdownFile);
        Assert.Equal(result.Rows.Count + 2, markdown.Split('\n').Count(line => line.StartsWith('|')));
        Assert.DoesNotContain("n/a", markdown);
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(result.JsonFile));
        Assert.Equal(3, json.RootElement.GetProperty("models").GetArrayLength());
    }

    [Fact]
    public async Task RunAsync_PastSpendRow_EqualsMetricsReportComputedDirectly()
    {
        var result = bench.Result;
        string snapshots = Path.Combine(bench.FolderPath, "out", "snapshots");
        var thresholds = BucketThresholds.Read(Path.Combine(snapshots, "thresholds.json"));
        var train = await LabelledSnapshot.ReadAsync(Directory.GetDirectories(snapshots, "train-*").Single(), thresholds, "monetary", CancellationToken.None);
        var test = await LabelledSnapshot.ReadAsync(Directory.GetDirectories(snapshots, "test-*").Single(), thresholds, "monetary", CancellationToken.None);
        var positives = train.Label.Where(y => y > 1e-6).Order().ToArray();
        double median = positives.Length % 2 == 1 ? positives[positives.Length / 2] : (positives[positives.Length / 2 - 1] + positives[positives.Length / 2]) / 2;

        var direct = MetricsReport.Compute(test.Label, test.PastSpend,
            new EvaluationContext { Edges = new BucketEdges(thresholds.BucketEdges), MedianPositiveTrainingLabel = median });

        var row = result.Rows.Single(r => r.Model == ModelVariant.PastSpend);
        foreach (var (key, value) in direct.Scalars())
        {
            Assert.Equal(value, row.Metrics[key].Mean, 9);
            if (key.StartsWith("ranking", StringComparison.Ordinal))
                Assert.Equal(value, row.Metrics[QualityBench.RankedByPred + key].Mean, 9);
        }
        Assert.Equal(0, row.Metrics["ranking.gini_normalized"].Std);
    }

    [Fact]
    public void RunAsync_Calibration_MovesTheMeanPredictionNotTheRanking()
    {
        var rows = bench.Result.Rows.ToDictionary(r => r.Model);
        var calibrated = rows["ccornet"].Metrics;
        var uncalibrated = rows[ModelVariant.Named("ccornet").UncalibratedName].Metrics;

        // ltv_expected sums every bucket's value, so it moves even when one epoch leaves most users in the zero bucket.
        string meanExpected = QualityBench.ExpectedAsValue + "regression.mean_predicted";
        Assert.NotEqual(uncalibrated[meanExpected].Mean, calibrated[meanExpected].Mean);
        // The cascade's probabilities are untouched (the default rule's bucket thresholds are fitted in the same pass, so buckets may move).
        Assert.Equal(uncalibrated["classification.payer_auc"].Mean, calibrated["classification.payer_auc"].Mean, 12);
        Assert.Contains(rows["ccornet"].ValueScales.Skip(1), s => Math.Abs(s - 1) > 1e-4);
    }

    [Fact]
    public async Task RunAsync_SameOptionsAgain_ReusesTheStoredRunsInsteadOfRetraining()
    {
        var again = await QualityBench.RunAsync(bench.Options, null, NullLogger.Instance, CancellationToken.None);

        var first = bench.Result.Rows.ToDictionary(r => r.Model);
        foreach (var row in again.Rows)
        {
            // A retrained run would measure its own wall time; a reused one carries the stored time exactly.
            Assert.Equal(first[row.Model].TrainSeconds, row.TrainSeconds);
            Assert.Equal(first[row.Model].Metrics["ranking.gini_normalized"].Mean, row.Metrics["ranking.gini_normalized"].Mean);
        }
        Assert.True(first["ccornet"].TrainSeconds > 0);
        Assert.True(File.Exists(Path.Combine(bench.Options.OutputDirectory, "runs", "ccornet", "seed-1.json")));
    }

    [Fact]
    public async Task RunAsync_OtherTrainAsOfInTheSameFolder_RefitsTheThresholdsOnThatSnapshot()
    {
        using var folder = new TempFolder();
        string output = folder.File("out");
        CopyDirectory(Path.Combine(bench.Options.OutputDirectory, "snapshots"), Path.Combine(output, "snapshots"));
        var earlier = bench.Options.Task with { TrainAsOf = bench.Options.Task.TrainAsOf.AddDays(-182) };

        var result = await QualityBench.RunAsync(bench.Options with { Task = earlier, OutputDirectory = output, Models = [ModelVariant.PastSpend] },
            null, NullLogger.Instance, CancellationToken.None);

        var thresholds = BucketThresholds.Read(Path.Combine(output, "snapshots", "thresholds.json"));
        string trainSnapshot = Directory.GetDirectories(Path.Combine(output, "snapshots"), $"train-{earlier.TrainAsOf:yyyyMMdd}-*").Single();
        Assert.Equal(Core.Features.FeatureManifest.Read(trainSnapshot).InputFingerprint, thresholds.FeaturesFingerprint);
        Assert.NotEqual(bench.Result.TrainUsers, result.TrainUsers);
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (string directory in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, directory)));
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }

    [Fact]
    public void Validate_BrokenOptions_ListsEveryProblem()
    {
        var options = new QualityOptions
        {
            Task = QualityTask.Cdnow("cdnow.txt"),
            OutputDirectory = "out",
            Models = ["ccornet", "gbm"],
            Seeds = [1, 1],
            Epochs = 0,
        };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("gbm", error.Message);
        Assert.Contains("seeds must differ", error.Message);
        Assert.Contains("epochs must be at least 1, got 0", error.Message);
    }

    /// <summary>Generates the lake and runs the bench once for every test of the class.</summary>
    public sealed class TinyBench : IDisposable
    {
        public TinyBench()
        {
            string lake = folder.File("lake");
            LakeGenerator.RunAsync(new GeneratorOptions { Users = 2_500, Seed = 7, OutputDirectory = lake }, null, NullLogger.Instance, CancellationToken.None)
                .GetAwaiter().GetResult();
            Options = new QualityOptions
            {
                Task = QualityTask.FromGeneratedLake(lake),
                OutputDirectory = folder.File("out"),
                Models = ["ccornet", ModelVariant.PastSpend],
                Seeds = [1],
                Epochs = 1,
                BatchSize = 512,
            };
            Result = QualityBench.RunAsync(Options, null, NullLogger.Instance, CancellationToken.None).GetAwaiter().GetResult();
        }

        private readonly TempFolder folder = new();

        public string FolderPath => folder.Path;

        public QualityOptions Options { get; }

        public QualityResult Result { get; }

        public void Dispose() => folder.Dispose();
    }
}
