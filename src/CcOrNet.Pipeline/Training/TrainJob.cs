using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CcOrNet.Core.Jobs;
using CcOrNet.Core.Metrics;
using CcOrNet.Core.Thresholds;
using CcOrNet.Model.Bundles;
using CcOrNet.Model.Data;
using CcOrNet.Model.Models;
using CcOrNet.Model.Training;
using Microsoft.Extensions.Logging;
using ModelBuckets = CcOrNet.Model.Buckets.BucketEdges;

namespace CcOrNet.Pipeline.Training;

/// <summary>
/// <c>ccornet train</c>: streams a labelled features table through the model for a number of epochs (validation
/// split by user hash, early stopping, a checkpoint per epoch, <c>--resume</c>), then writes a model bundle with the
/// best epoch's weights and its validation metrics.
/// </summary>
public static class TrainJob
{
    /// <summary>Scalars of the validation <see cref="MetricsReport"/> kept in the bundle manifest.</summary>
    public static IReadOnlyList<string> KeyMetrics { get; } =
    [
        "count", "positive_count",
        "ranking.gini_normalized", "ranking.spearman", "ranking_positive.spearman",
        "regression.nmae", "regression.nrmse", "regression.ambe", "regression.ambe_top_bucket",
        "classification.bucket_accuracy", "classification.top_bucket_f1", "classification.payer_auc",
        "business.sva", "business.whale_recall_at_k", "business.value_captured_at_k",
    ];

    public static async Task<TrainResult> RunAsync(TrainOptions options, IProgress<JobProgress>? progress, ILogger logger, CancellationToken ct)
    {
        options.Validate();
        var clock = Stopwatch.StartNew();
        if (options.Threads > 0) TorchSharp.torch.set_num_threads(options.Threads);
        var thresholds = BucketThresholds.Read(options.ThresholdsFile);
        var table = await FeatureTable.OpenAsync(options.FeaturesDirectory, thresholds, requireLabel: true, ct: ct);
        if (thresholds.FeaturesFingerprint != table.Manifest.InputFingerprint)
            logger.LogWarning("Thresholds were computed from features fingerprint {Thresholds}, training on {Features}",
                thresholds.FeaturesFingerprint, table.Manifest.InputFingerprint);

        var split = new ValidationSplit(options.ValidationPercent, options.ValidationSalt);
        progress?.Report(new JobProgress("labels", 0, table.RowGroups.Count));
        var labels = await LabelSummary.ReadAsync(table, split, thresholds, ct);
        if (labels.TrainRows == 0 || labels.ValidationRows == 0)
            throw new InvalidDataException(
                $"Features '{options.FeaturesDirectory}' have {labels.TrainRows} training and {labels.ValidationRows} validation rows at {options.ValidationPercent}% validation; both must be non-empty");
        var buckets = new ModelBuckets(thresholds.BucketEdges, thresholds.TopEdge, labels.BucketMeans).Validate();

        using var model = LtvModelFactory.Create(options.Model, table.Layout, buckets, options.ModelOptions, options.Seed);
        using var trainer = new StreamingTrainer(model, new TrainerOptions(options.Epochs, options.LearningRate, options.Seed,
            ShuffleBatches: true, options.GradientClipNorm, options.WeightDecay));
        var checkpoint = new TrainingCheckpoint(options.CheckpointFolder);
        string runKey = RunKey(options, table);
        var (state, resumed) = Start(options, checkpoint, runKey, model, trainer, logger);

        var trainStream = new BatchStreamOptions(options.BatchSize, Shuffle: true, options.Seed, options.ShuffleRowGroups, options.Prefetch, id => !split.IsValidation(id));
        var validationStream = new BatchStreamOptions(Math.Max(options.BatchSize, 4096), Shuffle: false, Prefetch: options.Prefetch, Keep: split.IsValidation);
        var trainTime = TimeSpan.Zero;
        long trainedRows = 0;
        while (state.EpochsDone < options.Epochs && !state.Stopped)
        {
            int epoch = state.EpochsDone;
            long start = Stopwatch.GetTimestamp();
            double trainLoss = await trainer.TrainEpochAsync(BatchStream.ReadAsync(table, trainStream, epoch, ct), epoch,
                rows => progress?.Report(new JobProgress($"epoch {epoch + 1}/{options.Epochs}", rows, labels.TrainRows)), ct);
            trainTime += Stopwatch.GetElapsedTime(start);
            trainedRows += labels.TrainRows;
            double validationLoss = await trainer.LossAsync(BatchStream.ReadAsync(table, validationStream, 0, ct), ct);
            state = state.After(trainLoss, validationLoss, options.Patience);
            checkpoint.Save(model, trainer, state);
            logger.LogInformation("Epoch {Epoch}/{Epochs}: train loss {Train:F5}, validation loss {Validation:F5}{Best}",
                state.EpochsDone, options.Epochs, trainLoss, validationLoss, state.BestEpoch == state.EpochsDone ? " (best)" : "");
        }
        if (state.Stopped) logger.LogInformation("Early stopping after epoch {Epoch}: no improvement for {Patience} epochs", state.EpochsDone, options.Patience);

        model.Load(checkpoint.BestWeightsPath);
        progress?.Report(new JobProgress("calibrate values", 0, 1));
        // CC-OR-Net's residual is fitted on the log scale (geometric-mean-like values); per-bucket scales
        // make the mean value of each bucket match its mean training label. No-op for the baselines.
        model.CalibrateValues(TrainingBatches(table, split, options, ct));
        string weights = Path.Combine(checkpoint.Directory, "bundle.weights");
        model.Save(weights);
        progress?.Report(new JobProgress("validation metrics", 0, 1));
        var metrics = await ValidationMetricsAsync(model, table, thresholds, split, ct);

        var manifest = new BundleManifest
        {
            ModelName = options.Model,
            ModelOptions = options.ModelOptions ?? new Model.Options.ModelOptions(),
            Layout = table.Layout,
            Buckets = buckets,
            Schema = table.Schema,
            Thresholds = thresholds,
            TrainingData = new TrainingData(options.FeaturesDirectory, table.Manifest.InputFingerprint, table.Manifest.AsOf,
                table.Rows, labels.TrainRows, labels.ValidationRows, options.ValidationPercent, options.ValidationSalt),
            ValidationMetrics = metrics,
            ValidationLoss = state.BestValidationLoss,
            EpochsRun = state.EpochsDone,
            BestEpoch = state.BestEpoch,
            TrainLosses = state.TrainLosses,
            ValidationLosses = state.ValidationLosses,
            Seed = options.Seed,
            BatchSize = options.BatchSize,
            LearningRate = options.LearningRate,
            CodeVersion = ModelBundle.CodeVersion,
            ModelVersion = ModelBundle.VersionOf(options.Model, weights),
        };
        progress?.Report(new JobProgress("write bundle", 0, 1));
        ModelBundle.Write(options.OutputDirectory, manifest, weights);
        progress?.Report(new JobProgress("write bundle", 1, 1));
        string output = Path.GetFullPath(options.OutputDirectory);
        logger.LogInformation("Model bundle {Version} (best epoch {Best} of {Epochs}) -> {Output}", manifest.ModelVersion, state.BestEpoch, state.EpochsDone, output);
        double samplesPerSecond = trainTime > TimeSpan.Zero ? trainedRows / trainTime.TotalSeconds : double.NaN;
        return new TrainResult(output, manifest, resumed, samplesPerSecond, clock.Elapsed);
    }

    // Every training row once, in file order, one batch alive at a time.
    private static IEnumerable<FeatureBatch> TrainingBatches(FeatureTable table, ValidationSplit split, TrainOptions options, CancellationToken ct) =>
        BatchStream.Batches(table, new BatchStreamOptions(Math.Max(options.BatchSize, 4096), Shuffle: false, Prefetch: options.Prefetch, Keep: id => !split.IsValidation(id)), ct: ct);

    private static (TrainerState State, bool Resumed) Start(
        TrainOptions options, TrainingCheckpoint checkpoint, string runKey, ILtvModel model, StreamingTrainer trainer, ILogger logger)
    {
        var saved = options.Resume ? checkpoint.ReadState() : null;
        if (saved is null)
        {
            if (options.Resume) logger.LogWarning("No checkpoint in {Folder}; training from the start", checkpoint.Directory);
            if (Directory.Exists(checkpoint.Directory)) Directory.Delete(checkpoint.Directory, recursive: true);
            return (TrainerState.Start(runKey), false);
        }
        if (saved.RunKey != runKey)
            throw new InvalidOperationException(
                $"Cannot resume from checkpoint '{checkpoint.Directory}': it belongs to another run (different model, options, seed or features; key {saved.RunKey[..12]} vs {runKey[..12]}); train without --resume to start over");
        checkpoint.Restore(model, trainer);
        logger.LogInformation("Resuming after epoch {Epoch} (best epoch {Best}, validation loss {Loss:F5})", saved.EpochsDone, saved.BestEpoch, saved.BestValidationLoss);
        // A longer --epochs than the checkpointed run continues it; early stopping is re-evaluated with the saved counter.
        return (saved with { Stopped = saved.EpochsWithoutImprovement >= options.Patience }, true);
    }

    /// <summary>Everything that must match for a checkpoint to be continued (the epoch count may grow).</summary>
    private static string RunKey(TrainOptions options, FeatureTable table)
    {
        string text = JsonSerializer.Serialize(new
        {
            options.Model, options.BatchSize, options.Seed, options.LearningRate, options.GradientClipNorm, options.WeightDecay,
            options.ValidationPercent, options.ValidationSalt, options.ShuffleRowGroups,
            ModelOptions = options.ModelOptions ?? new Model.Options.ModelOptions(),
            table.Manifest.InputFingerprint, table.Rows, Thresholds = table.Thresholds.ToJson(),
        });
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    private static async Task<IReadOnlyDictionary<string, double>> ValidationMetricsAsync(
        ILtvModel model, FeatureTable table, BucketThresholds thresholds, ValidationSplit split, CancellationToken ct)
    {
        var actual = new List<double>();
        var predicted = new List<double>();
        var expected = new List<double>();
        var bucket = new List<int>();
        var payer = new List<double>();
        var probabilities = Enumerable.Range(0, thresholds.Buckets).Select(_ => new List<double>()).ToArray();
        var options = new BatchStreamOptions(BatchSize: 4096, Shuffle: false, Keep: split.IsValidation);
        await foreach (var rows in BatchStream.ReadAsync(table, options, 0, ct))
        {
            Predictions p;
            using (TorchSharp.torch.NewDisposeScope())
            using (var batch = rows.ToBatch(model.Layout))
                p = model.Predict(batch);
            actual.AddRange(rows.Label!.Select(y => Math.Max(0.0, y)));
            predicted.AddRange(p.LtvPred.Select(v => (double)v));
            expected.AddRange(p.LtvExpected.Select(v => (double)v));
            bucket.AddRange(p.Bucket);
            payer.AddRange(p.PPayer.Select(v => (double)v));
            for (int b = 0; b < probabilities.Length; b++) probabilities[b].AddRange(p.BucketProbabilities[b].Select(v => (double)v));
        }
        var context = new EvaluationContext
        {
            Edges = new BucketEdges(thresholds.BucketEdges),
            MedianPositiveTrainingLabel = MedianPositive(thresholds),
            RankingScore = expected.ToArray(),
            PredictedBuckets = bucket.ToArray(),
            BucketProbabilities = probabilities.Select(l => l.ToArray()).ToArray(),
            PayerProbability = payer.ToArray(),
        };
        var report = MetricsReport.Compute(actual.ToArray(), predicted.ToArray(), context);
        var scalars = report.Scalars().ToDictionary(p => p.Key, p => p.Value);
        return KeyMetrics.Where(scalars.ContainsKey).ToDictionary(k => k, k => scalars[k]);
    }

    /// <summary>The SVA split point: the thresholds' edge at quantile 0.5 of the positive labels, else the middle positive edge.</summary>
    private static double MedianPositive(BucketThresholds thresholds)
    {
        int index = thresholds.Quantiles.ToList().IndexOf(0.5);
        return index >= 0 ? thresholds.BucketEdges[index + 1] : thresholds.BucketEdges[thresholds.BucketEdges.Count / 2];
    }
}
