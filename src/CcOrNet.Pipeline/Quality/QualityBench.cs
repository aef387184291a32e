using System.Diagnostics;
using CcOrNet.Core.Features;
using CcOrNet.Core.Jobs;
using CcOrNet.Core.Metrics;
using CcOrNet.Core.Thresholds;
using CcOrNet.Model.Data;
using CcOrNet.Model.Models;
using CcOrNet.Model.Training;
using CcOrNet.Pipeline.Features;
using CcOrNet.Pipeline.Thresholds;
using Microsoft.Extensions.Logging;
using TorchSharp;
using ModelBuckets = CcOrNet.Model.Buckets.BucketEdges;

namespace CcOrNet.Pipeline.Quality;

/// <summary>
/// <c>ccornet bench quality</c>: builds the task's training and test snapshots (features + thresholds from the
/// training snapshot), trains every model for every seed, scores the test snapshot and writes the metrics table
/// (mean and spread over seeds) as markdown and JSON.
/// </summary>
public static class QualityBench
{
    /// <summary>Prefix of the metrics computed with users ranked by the hard ltv_pred instead of ltv_expected.</summary>
    public const string RankedByPred = "ranked_by_pred.";

    /// <summary>Prefix of the regression metrics of ltv_expected used as the value (what a budget would sum).</summary>
    public const string ExpectedAsValue = "expected_as_value.";

    public static async Task<QualityResult> RunAsync(QualityOptions options, IProgress<JobProgress>? progress, ILogger logger, CancellationToken ct)
    {
        options.Validate();
        var clock = Stopwatch.StartNew();
        Directory.CreateDirectory(options.OutputDirectory);
        var task = options.Task;

        progress?.Report(new JobProgress("snapshots", 0, 1));
        string trainDir = await SnapshotAsync(options, task.TrainAsOf, "train", logger, ct);
        string testDir = await SnapshotAsync(options, task.TestAsOf, "test", logger, ct);
        string thresholdsFile = Path.Combine(options.OutputDirectory, "snapshots", "thresholds.json");
        if (!(options.ReuseSnapshots && File.Exists(thresholdsFile)))
            await ThresholdsJob.RunAsync(new ThresholdsOptions { FeaturesDirectory = trainDir, OutputFile = thresholdsFile, Engine = options.Engine }, null, logger, ct);
        var thresholds = BucketThresholds.Read(thresholdsFile);

        var train = FeatureTableLoader.Load(trainDir, thresholds, options.PastSpendColumn).Shuffled(seed: 0);
        var test = FeatureTableLoader.Load(testDir, thresholds, options.PastSpendColumn);
        logger.LogInformation("Quality bench {Task}: {Train} training users, {Test} test users", task.Name, train.Count, test.Count);

        var context = Context(thresholds, train.Label);
        var buckets = ModelBucketsOf(thresholds, train.Label);
        var runs = new Dictionary<string, List<SeedRun>>();
        foreach (string name in options.Models) runs[name] = [];
        if (options.Models.Contains("ccornet")) runs[ModelVariant.Uncalibrated] = [];

        torch.set_num_threads(options.TorchThreads);
        using (var trainBatch = train.ToBatch())
        using (var testBatch = test.ToBatch())
        {
            var trainBatches = trainBatch.Split(options.BatchSize);
            var testBatches = testBatch.Split(8192);
            int total = options.Models.Count * options.Seeds.Count, done = 0;
            foreach (string name in options.Models)
            {
                var variant = ModelVariant.Named(name);
                foreach (long seed in options.Seeds)
                {
                    ct.ThrowIfCancellationRequested();
                    progress?.Report(new JobProgress($"{name} seed {seed}", done++, total));
                    if (variant.FactoryName is null)
                    {
                        runs[name].Add(Heuristic(test, context));
                        continue;
                    }
                    var modelClock = Stopwatch.StartNew();
                    using var model = LtvModelFactory.Create(variant.FactoryName, train.Layout, buckets, variant.Options, seed);
                    new Trainer(new TrainerOptions(Epochs: options.Epochs, LearningRate: options.LearningRate, Seed: seed)).Fit(model, trainBatches, null, ct);
                    double seconds = modelClock.Elapsed.TotalSeconds;
                    if (name == "ccornet")
                        runs[ModelVariant.Uncalibrated].Add(Evaluate(model, testBatches, test, context, seconds));
                    model.CalibrateValues(trainBatches);
                    runs[name].Add(Evaluate(model, testBatches, test, context, seconds));
                    logger.LogInformation("{Model} seed {Seed}: trained in {Seconds:F0} s, Gini {Gini:F3}", name, seed, seconds,
                        runs[name][^1].ByExpected.Ranking.GiniNormalized);
                }
            }
        }

        var order = options.Models.SelectMany(m => m == "ccornet" ? new[] { m, ModelVariant.Uncalibrated } : [m]);
        var rows = order.Select(m => Aggregate(m, runs[m])).ToList();
        var result = new QualityResult(task, train.Count, test.Count, options.Seeds, options.Epochs, rows,
            Path.Combine(options.OutputDirectory, "quality.md"), Path.Combine(options.OutputDirectory, "quality.json"), clock.Elapsed);
        QualityReport.Write(result);
        return result;
    }

    /// <summary>One training seed's test metrics, ranked by ltv_expected and by ltv_pred.</summary>
    internal sealed record SeedRun(MetricsReport ByExpected, MetricsReport ByPred, MetricsReport ExpectedAsValue, double TrainSeconds, IReadOnlyList<double> ValueScales);

    /// <summary>Metrics of predictions for the test users: ranked by <paramref name="rankingScore"/> and by the values themselves.</summary>
    internal static SeedRun Metrics(double[] actual, double[] predicted, double[] rankingScore, EvaluationContext context, double trainSeconds, IReadOnlyList<double> scales)
    {
        var byExpected = MetricsReport.Compute(actual, predicted, context with { RankingScore = rankingScore });
        var byPred = MetricsReport.Compute(actual, predicted, context with { RankingScore = null });
        var expectedAsValue = MetricsReport.Compute(actual, rankingScore, context with { RankingScore = rankingScore });
        return new SeedRun(byExpected, byPred, expectedAsValue, trainSeconds, scales);
    }

    /// <summary>Rank by past spend: the prediction is the spend in the observation window, nothing learned.</summary>
    internal static SeedRun Heuristic(LoadedFeatures test, EvaluationContext context) =>
        Metrics(test.Label, test.PastSpend, test.PastSpend, context, 0, Enumerable.Repeat(1.0, context.Edges.BucketCount).ToArray());

    /// <summary>The evaluation context shared by every model: training-snapshot edges and SVA split.</summary>
    internal static EvaluationContext Context(BucketThresholds thresholds, double[] trainLabels)
    {
        var positives = trainLabels.Where(y => y > thresholds.BucketEdges[0]).Order().ToArray();
        if (positives.Length == 0) throw new InvalidDataException("The training snapshot has no positive label; nothing to evaluate against.");
        double median = positives.Length % 2 == 1
            ? positives[positives.Length / 2]
            : (positives[positives.Length / 2 - 1] + positives[positives.Length / 2]) / 2;
        return new EvaluationContext { Edges = new BucketEdges(thresholds.BucketEdges), MedianPositiveTrainingLabel = median };
    }

    /// <summary>The model's buckets: the thresholds' edges and top edge, with the training mean label per bucket.</summary>
    internal static ModelBuckets ModelBucketsOf(BucketThresholds thresholds, double[] trainLabels)
    {
        var draft = new ModelBuckets(thresholds.BucketEdges, thresholds.TopEdge);
        var sums = new double[draft.BucketCount];
        var counts = new int[draft.BucketCount];
        foreach (double y in trainLabels)
        {
            int b = draft.BucketOf(y);
            sums[b] += y;
            counts[b]++;
        }
        return (draft with { BucketMeans = sums.Select((s, b) => counts[b] > 0 ? s / counts[b] : draft.Representative(b)).ToArray() }).Validate();
    }

    internal static QualityRow Aggregate(string model, IReadOnlyList<SeedRun> runs)
    {
        var perSeed = runs.Select(Scalars).ToList();
        var metrics = perSeed[0].Keys.ToDictionary(key => key, key => Spread.Of(perSeed.Select(s => s[key]).ToArray()));
        int k = runs[0].ValueScales.Count;
        var scales = Enumerable.Range(0, k).Select(b => runs.Average(r => r.ValueScales[b])).ToArray();
        return new QualityRow(model, metrics, runs.Average(r => r.TrainSeconds), scales);
    }

    private static Dictionary<string, double> Scalars(SeedRun run)
    {
        var scalars = run.ByExpected.Scalars().ToDictionary(p => p.Key, p => p.Value);
        foreach (var (key, value) in run.ByPred.Scalars())
            if (key.StartsWith("ranking", StringComparison.Ordinal) || key.StartsWith("business", StringComparison.Ordinal))
                scalars[RankedByPred + key] = value;
        foreach (var (key, value) in run.ExpectedAsValue.Scalars())
            if (key.StartsWith("regression", StringComparison.Ordinal))
                scalars[ExpectedAsValue + key] = value;
        return scalars;
    }

    private static SeedRun Evaluate(ILtvModel model, IReadOnlyList<FeatureBatch> testBatches, LoadedFeatures test, EvaluationContext context, double trainSeconds)
    {
        var predictions = testBatches.Select(model.Predict).ToList();
        double[] Concat(Func<Predictions, float[]> column) => predictions.SelectMany(column).Select(v => (double)v).ToArray();
        int k = context.Edges.BucketCount;
        var evaluation = context with
        {
            PredictedBuckets = predictions.SelectMany(p => p.Bucket).ToArray(),
            BucketProbabilities = Enumerable.Range(0, k).Select(b => Concat(p => p.BucketProbabilities[b])).ToArray(),
            PayerProbability = Concat(p => p.PPayer),
        };
        return Metrics(test.Label, Concat(p => p.LtvPred), Concat(p => p.LtvExpected), evaluation, trainSeconds, model.ValueScales());
    }

    private static async Task<string> SnapshotAsync(QualityOptions options, DateOnly asOf, string role, ILogger logger, CancellationToken ct)
    {
        var task = options.Task;
        string directory = Path.Combine(options.OutputDirectory, "snapshots", $"{role}-{asOf:yyyyMMdd}-{task.ObservationDays}d-{task.HorizonDays}d");
        if (options.ReuseSnapshots && File.Exists(Path.Combine(directory, FeatureManifest.FileName)))
        {
            logger.LogInformation("Reusing the {Role} snapshot {Directory}", role, directory);
            return directory;
        }
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        await FeaturesJob.RunAsync(new FeaturesOptions
        {
            EventsPath = task.EventsPath,
            UsersPath = task.UsersPath,
            Mapping = task.Mapping,
            AsOf = asOf,
            ObservationDays = task.ObservationDays,
            HorizonDays = task.HorizonDays,
            RequireLabel = true,
            OutputDirectory = directory,
            Engine = options.Engine,
        }, null, logger, ct);
        return directory;
    }
}
