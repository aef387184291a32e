using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CcOrNet.Core.Features;
using CcOrNet.Core.Jobs;
using CcOrNet.Core.Metrics;
using CcOrNet.Core.Thresholds;
using CcOrNet.Model.Bundles;
using CcOrNet.Model.Data;
using CcOrNet.Model.Models;
using CcOrNet.Model.Runtime;
using CcOrNet.Model.Training;
using CcOrNet.Pipeline.Features;
using CcOrNet.Pipeline.Resilience;
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
        NativeHeap.Configure();
        var clock = Stopwatch.StartNew();
        Directory.CreateDirectory(options.OutputDirectory);
        var task = options.Task;

        progress?.Report(new JobProgress("snapshots", 0, 1));
        string trainDir = await SnapshotAsync(options, task.TrainAsOf, "train", logger, ct);
        string testDir = await SnapshotAsync(options, task.TestAsOf, "test", logger, ct);
        string thresholdsFile = Path.Combine(options.OutputDirectory, "snapshots", "thresholds.json");
        // Reused only when fitted on this training snapshot (another --train-as-of writes into the same folder).
        if (!(options.ReuseSnapshots && File.Exists(thresholdsFile) &&
              BucketThresholds.Read(thresholdsFile).FeaturesFingerprint == FeatureManifest.Read(trainDir).InputFingerprint))
            await ThresholdsJob.RunAsync(new ThresholdsOptions { FeaturesDirectory = trainDir, OutputFile = thresholdsFile, Engine = options.Engine }, null, logger, ct);
        var thresholds = BucketThresholds.Read(thresholdsFile);

        var train = await LabelledSnapshot.ReadAsync(trainDir, thresholds, options.PastSpendColumn, ct);
        var test = await LabelledSnapshot.ReadAsync(testDir, thresholds, options.PastSpendColumn, ct, expectedSchema: train.Table.Schema);
        logger.LogInformation("Quality bench {Task}: {Train} training users, {Test} test users", task.Name, train.Count, test.Count);

        var context = Context(thresholds, train.Label);
        var buckets = ModelBucketsOf(thresholds, train.Label);
        var store = new SeedRunStore(options.OutputDirectory);
        var runs = new Dictionary<string, List<SeedRun>>();
        var variants = options.Models.Select(ModelVariant.Named).ToList();
        foreach (var variant in variants)
        {
            runs[variant.Name] = [];
            if (variant.ReportUncalibrated) runs[variant.UncalibratedName] = [];
        }

        torch.set_num_threads(options.TorchThreads);
        int total = options.Models.Count * options.Seeds.Count, done = 0;
        foreach (var variant in variants)
        {
            string name = variant.Name;
            foreach (long seed in options.Seeds)
            {
                ct.ThrowIfCancellationRequested();
                progress?.Report(new JobProgress($"{name} seed {seed}", done++, total));
                if (variant.FactoryName is null)
                {
                    runs[name].Add(Heuristic(test, context));
                    continue;
                }
                string key = RunKey(options, variant, seed, train, test);
                var stored = options.ReuseRuns ? store.TryRead(name, seed, key) : null;
                var storedUncalibrated = variant.ReportUncalibrated && options.ReuseRuns ? store.TryRead(variant.UncalibratedName, seed, key) : null;
                if (stored is not null && (!variant.ReportUncalibrated || storedUncalibrated is not null))
                {
                    logger.LogInformation("{Model} seed {Seed}: reusing the stored run", name, seed);
                    runs[name].Add(stored);
                    if (storedUncalibrated is not null) runs[variant.UncalibratedName].Add(storedUncalibrated);
                    continue;
                }

                var (run, uncalibrated) = await TrainWithRetryAsync(variant, seed, train, test, buckets, context, options, logger, ct);
                if (uncalibrated is not null)
                {
                    store.Write(variant.UncalibratedName, seed, key, uncalibrated);
                    runs[variant.UncalibratedName].Add(uncalibrated);
                }
                store.Write(name, seed, key, run);
                runs[name].Add(run);
                logger.LogInformation("{Model} seed {Seed}: trained in {Seconds:F0} s, Gini {Gini:F3}", name, seed, run.TrainSeconds,
                    run.Scalars["ranking.gini_normalized"]);
            }
        }

        var order = variants.SelectMany(v => v.ReportUncalibrated ? new[] { v.Name, v.UncalibratedName } : [v.Name]);
        var rows = order.Select(m => Aggregate(m, runs[m])).ToList();
        var result = new QualityResult(task, train.Count, test.Count, options.Seeds, options.Epochs, rows,
            Path.Combine(options.OutputDirectory, "quality.md"), Path.Combine(options.OutputDirectory, "quality.json"), clock.Elapsed);
        QualityReport.Write(result);
        return result;
    }

    private const int EvaluationBatchSize = 8192;

    /// <summary>Attempts per run: a native failure inside TorchSharp (see <see cref="TrainWithRetryAsync"/>) restarts the run.</summary>
    private const int MaxAttempts = 5;

    /// <summary>
    /// Trains one (variant, seed) from scratch and scores the test snapshot; with <see cref="ModelVariant.ReportUncalibrated"/> also before calibration.
    /// A run is fully determined by its seed, so a retry gives the run that would have been. Why retry (<see cref="TorchScalarRace"/>): TorchSharp
    /// 0.107 passes temporary Scalars (implicit conversions) to native code by raw handle; when a garbage collection
    /// finalizes one mid-call, libtorch reads a freed Scalar and throws ("Expected false to be true ... toFloat"). Seen in
    /// 3 of ~30 CDNOW runs, always in TorchSharp's Adam step, which our AdamOptimizer replaced; the model code's own
    /// implicit Scalars can still race, more rarely (docs/training.md, known problems).
    /// </summary>
    private static async Task<(SeedRun Run, SeedRun? Uncalibrated)> TrainWithRetryAsync(
        ModelVariant variant, long seed, LabelledSnapshot train, LabelledSnapshot test, ModelBuckets buckets, EvaluationContext context,
        QualityOptions options, ILogger logger, CancellationToken ct)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                var clock = Stopwatch.StartNew();
                using var model = LtvModelFactory.Create(variant.FactoryName!, train.Table.Layout, buckets, variant.Options, seed);
                await TrainAsync(model, train.Table, options, seed, ct);
                double seconds = clock.Elapsed.TotalSeconds;
                // The passes after training are retried alone; the run is trained again only for a failure inside training.
                var inference = InferenceRetry.Create(logger, $"{variant.Name} seed {seed}: inference after training", collectBeforeRetry: true);
                var uncalibrated = variant.ReportUncalibrated ? await inference.ExecuteAsync(async token => await EvaluateAsync(model, test, context, seconds, token), ct) : null;
                inference.Execute(() => model.CalibrateValues(TorchScalarRace.QuietBetween(BatchStream.Batches(train.Table, new BatchStreamOptions(EvaluationBatchSize, Shuffle: false), ct: ct))));
                return (await inference.ExecuteAsync(async token => await EvaluateAsync(model, test, context, seconds, token), ct), uncalibrated);
            }
            catch (Exception e) when (attempt < MaxAttempts && TorchScalarRace.IsTransient(e))
            {
                logger.LogWarning("{Model} seed {Seed}: native failure on attempt {Attempt} ({Message}); training the run again",
                    variant.Name, seed, attempt, TorchScalarRace.Describe(e));
                TorchScalarRace.PrepareRetry();
            }
        }
    }

    /// <summary>Fixed epochs over every training row, streamed from Parquet as <c>ccornet train</c> does (no validation split: the test snapshot is the held-out data).</summary>
    private static async Task TrainAsync(ILtvModel model, FeatureTable table, QualityOptions options, long seed, CancellationToken ct)
    {
        using var trainer = new StreamingTrainer(model, new TrainerOptions(options.Epochs, options.LearningRate, seed,
            Decay: options.Decay, StepsPerEpoch: TrainerOptions.StepsFor(table.Rows, options.BatchSize)));
        var stream = new BatchStreamOptions(options.BatchSize, Shuffle: true, Seed: seed, ShuffleRowGroups: options.ShuffleRowGroups,
            Buffers: new FeatureRowsPool(table.Layout));
        for (int epoch = 0; epoch < options.Epochs; epoch++)
            await trainer.TrainEpochAsync(BatchStream.ReadAsync(table, stream, epoch, ct), epoch, null, ct);
    }

    /// <summary>Everything that changes a trained run's result: a stored run is reused only under the same key.</summary>
    private static string RunKey(QualityOptions options, ModelVariant variant, long seed, LabelledSnapshot train, LabelledSnapshot test)
    {
        string text = JsonSerializer.Serialize(new
        {
            variant.Name, variant.FactoryName, variant.Options, seed, options.Epochs, options.BatchSize, options.LearningRate, Decay = options.Decay.ToString(), options.ShuffleRowGroups,
            Train = train.Table.Manifest.InputFingerprint, Test = test.Table.Manifest.InputFingerprint, TrainRows = train.Count, TestRows = test.Count,
            Thresholds = train.Table.Thresholds.ToJson(), ModelBundle.CodeVersion,
        });
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>Metrics of predictions for the test users: ranked by <paramref name="rankingScore"/> and by the values themselves, flattened.</summary>
    internal static SeedRun Metrics(double[] actual, double[] predicted, double[] rankingScore, EvaluationContext context, double trainSeconds, IReadOnlyList<double> scales)
    {
        var scalars = MetricsReport.Compute(actual, predicted, context with { RankingScore = rankingScore }).Scalars().ToDictionary(p => p.Key, p => p.Value);
        foreach (var (key, value) in MetricsReport.Compute(actual, predicted, context with { RankingScore = null }).Scalars())
            if (key.StartsWith("ranking", StringComparison.Ordinal) || key.StartsWith("business", StringComparison.Ordinal))
                scalars[RankedByPred + key] = value;
        foreach (var (key, value) in MetricsReport.Compute(actual, rankingScore, context with { RankingScore = rankingScore }).Scalars())
            if (key.StartsWith("regression", StringComparison.Ordinal))
                scalars[ExpectedAsValue + key] = value;
        return new SeedRun(scalars, trainSeconds, scales);
    }

    /// <summary>Rank by past spend: the prediction is the spend in the observation window, nothing learned.</summary>
    internal static SeedRun Heuristic(LabelledSnapshot test, EvaluationContext context) =>
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
        var metrics = runs[0].Scalars.Keys.ToDictionary(key => key, key => Spread.Of(runs.Select(r => r.Scalars[key]).ToArray()));
        int k = runs[0].ValueScales.Count;
        var scales = Enumerable.Range(0, k).Select(b => runs.Average(r => r.ValueScales[b])).ToArray();
        return new QualityRow(model, metrics, runs.Average(r => r.TrainSeconds), scales);
    }

    /// <summary>Streams the test snapshot through the model in file order (one batch of inputs alive at a time) and scores every user.</summary>
    private static async Task<SeedRun> EvaluateAsync(ILtvModel model, LabelledSnapshot test, EvaluationContext context, double trainSeconds, CancellationToken ct)
    {
        int n = test.Count, k = context.Edges.BucketCount;
        var predicted = new double[n];
        var expected = new double[n];
        var payer = new double[n];
        var bucket = new int[n];
        var probabilities = Enumerable.Range(0, k).Select(_ => new double[n]).ToArray();
        int row = 0;
        // One thread runs Torch work here, so collections can wait for the batch boundaries (TorchScalarRace.QuietBetween).
        await foreach (var rows in TorchScalarRace.QuietBetween(BatchStream.ReadAsync(test.Table, new BatchStreamOptions(EvaluationBatchSize, Shuffle: false), 0, ct), ct))
        {
            if (row + rows.Count > n || !rows.UserIds.AsSpan(0, rows.Count).SequenceEqual(test.UserIds.AsSpan(row, rows.Count)))
                throw new InvalidDataException($"Test features '{test.Table.Directory}' streamed users out of the order their labels were read in (at row {row})");
            Predictions p;
            using (torch.NewDisposeScope())
            using (var batch = rows.ToBatch(model.Layout))
                p = model.Predict(batch);
            for (int i = 0; i < rows.Count; i++)
            {
                predicted[row + i] = p.LtvPred[i];
                expected[row + i] = p.LtvExpected[i];
                payer[row + i] = p.PPayer[i];
                bucket[row + i] = p.Bucket[i];
                for (int b = 0; b < k; b++) probabilities[b][row + i] = p.BucketProbabilities[b][i];
            }
            row += rows.Count;
        }
        if (row != n) throw new InvalidDataException($"Test features '{test.Table.Directory}' streamed {row} users; {n} labels were read");
        var evaluation = context with { PredictedBuckets = bucket, BucketProbabilities = probabilities, PayerProbability = payer };
        return Metrics(test.Label, predicted, expected, evaluation, trainSeconds, model.ValueScales());
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
