using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CcOrNet.Core.Jobs;
using CcOrNet.Core.Metrics;
using CcOrNet.Core.Thresholds;
using CcOrNet.Model.Bundles;
using CcOrNet.Model.Data;
using CcOrNet.Model.Distributed;
using CcOrNet.Model.Models;
using CcOrNet.Model.Runtime;
using CcOrNet.Model.Training;
using CcOrNet.Pipeline.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ModelBuckets = CcOrNet.Model.Buckets.BucketEdges;

namespace CcOrNet.Pipeline.Training;

/// <summary>
/// <c>ccornet train</c>: streams a labelled features table through the model for a number of epochs (validation
/// split by user hash, early stopping, a checkpoint per epoch, <c>--resume</c>), then writes a model bundle with the
/// best epoch's weights and its validation metrics. Decoded row groups are kept in a <see cref="DecodedRowCache"/>
/// (<see cref="TrainOptions.DecodeCacheFolder"/>) for the later epochs and passes, and deleted with the bundle published.
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
        NativeHeap.Configure();
        if (options.Distribution == TrainDistribution.Mpi) return await RunMpiAsync(options, progress, logger, ct);
        var decodeCache = new SharedDecodeCache(options);
        if (options.Workers == 1)
        {
            if (options.Threads > 0) TorchSharp.torch.set_num_threads(options.Threads);
            return (await RunWorkerAsync(options, LocalCollective.Instance, decodeCache, progress, logger, ct))!;
        }
        TorchSharp.torch.set_num_threads(options.Threads > 0 ? options.Threads : Math.Max(1, Environment.ProcessorCount / options.Workers));
        logger.LogInformation("Training with {Workers} in-process workers, {Threads} Torch thread(s) each", options.Workers, TorchSharp.torch.get_num_threads());
        var results = await InProcessGroup.RunAsync(options.Workers, options.CollectiveTimeout, (workers, token) =>
            workers.Rank == 0
                ? RunWorkerAsync(options, workers, decodeCache, progress, logger, token)
                : RunWorkerAsync(options, workers, decodeCache, null, NullLogger.Instance, token), ct);
        return results[0]!;
    }

    /// <summary>
    /// One MPI process of <c>mpirun -np N ccornet train --dist mpi</c>. Any failure aborts the whole MPI job (mpirun
    /// then stops every rank and exits non-zero); the other ranks wait for rank 0 to publish the bundle.
    /// </summary>
    private static async Task<TrainResult> RunMpiAsync(TrainOptions options, IProgress<JobProgress>? progress, ILogger logger, CancellationToken ct)
    {
        using var mpi = MpiCollective.Initialize(options.CollectiveTimeout);
        if (options.Workers != 1 && options.Workers != mpi.Size)
            throw new ArgumentException($"--workers {options.Workers} does not match the {mpi.Size} MPI processes; omit --workers with --dist mpi (mpirun -np sets the workers)");
        int threads = options.Threads > 0 ? options.Threads : Math.Max(1, Environment.ProcessorCount / MpiCollective.LocalSize());
        TorchSharp.torch.set_num_threads(threads);
        try
        {
            if (mpi.Rank == 0) logger.LogInformation("Training with {Workers} MPI processes, {Threads} Torch thread(s) each", mpi.Size, threads);
            // Every rank opens the cache folder (shared when the checkpoint folder is) with its own instance.
            var decodeCache = new SharedDecodeCache(options);
            var result = mpi.Rank == 0
                ? await RunWorkerAsync(options, mpi, decodeCache, progress, logger, ct)
                : await RunWorkerAsync(options, mpi, decodeCache, null, NullLogger.Instance, ct);
            // Unbounded: rank 0 may spend long on calibration and metrics; if it fails it aborts every rank.
            mpi.Barrier(Timeout.InfiniteTimeSpan);
            if (result is not null) return result;
            string output = Path.GetFullPath(options.OutputDirectory);
            var manifest = BundleManifest.Parse(File.ReadAllText(Path.Combine(output, BundleManifest.FileName)));
            return new TrainResult(output, manifest, options.Resume, double.NaN, TimeSpan.Zero, mpi.Rank, mpi.Size);
        }
        catch (Exception e) when (mpi.Size > 1)
        {
            logger.LogError(e, "Rank {Rank} of {Size} failed", mpi.Rank, mpi.Size);
            mpi.Abort($"{e.GetType().Name}: {e.Message}");
            throw;
        }
    }

    /// <summary>
    /// One data-parallel worker (the whole job for one worker): trains a replica on its shard and a slice of every
    /// global batch; rank 0 also writes the checkpoints and the bundle and returns the result (others return null).
    /// </summary>
    private static async Task<TrainResult?> RunWorkerAsync(
        TrainOptions options, ICollective workers, SharedDecodeCache decodeCache, IProgress<JobProgress>? progress, ILogger logger, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        bool primary = workers.Rank == 0;
        var thresholds = BucketThresholds.Read(options.ThresholdsFile);
        var table = await FeatureTable.OpenAsync(options.FeaturesDirectory, thresholds, requireLabel: true, ct: ct);
        if (thresholds.FeaturesFingerprint != table.Manifest.InputFingerprint)
            logger.LogWarning("Thresholds were computed from features fingerprint {Thresholds}, training on {Features}",
                thresholds.FeaturesFingerprint, table.Manifest.InputFingerprint);
        var shard = table.Subset(DataShards.RowGroupsOf(table, workers.Rank, workers.Size));

        var split = new ValidationSplit(options.ValidationPercent, options.ValidationSalt);
        progress?.Report(new JobProgress("labels", 0, shard.RowGroups.Count));
        var labels = await LabelSummary.ReadAsync(shard, split, thresholds, workers, ct);
        if (labels.TrainRows == 0 || labels.ValidationRows == 0)
            throw new InvalidDataException(
                $"Features '{options.FeaturesDirectory}' have {labels.TrainRows} training and {labels.ValidationRows} validation rows at {options.ValidationPercent}% validation; both must be non-empty");
        var buckets = new ModelBuckets(thresholds.BucketEdges, thresholds.TopEdge, labels.BucketMeans).Validate();

        using var model = LtvModelFactory.Create(options.Model, table.Layout, buckets, options.ModelOptions, options.Seed);
        var trainerOptions = new TrainerOptions(options.Epochs, options.LearningRate, options.Seed, ShuffleBatches: true, options.GradientClipNorm, options.WeightDecay,
            options.Decay, TrainerOptions.StepsFor(labels.TrainRows, options.BatchSize));
        using var trainer = new StreamingTrainer(model, trainerOptions, workers);
        var checkpoint = new TrainingCheckpoint(options.CheckpointFolder);
        string runKey = RunKey(options, table);
        var (state, resumed) = Start(options, checkpoint, runKey, model, trainer, primary, logger);
        var cache = OpenDecodeCache(options, decodeCache, table, workers, logger);

        int sliceSize = DataShards.SliceSize(options.BatchSize, workers.Rank, workers.Size);
        // Both streams hand their batches straight to the trainer, so they can share reused arrays (BatchStreamOptions.Buffers).
        var buffers = new FeatureRowsPool(table.Layout);
        var trainStream = new BatchStreamOptions(sliceSize, Shuffle: true, options.Seed, options.ShuffleRowGroups, options.Prefetch, id => !split.IsValidation(id), cache, buffers);
        var validationStream = new BatchStreamOptions(Math.Max(options.BatchSize, 4096), Shuffle: false, Prefetch: options.Prefetch, Keep: split.IsValidation,
            DecodeCache: cache, Buffers: buffers);
        var trainTime = TimeSpan.Zero;
        long trainedRows = 0;
        // One worker retries an epoch after the transient native error; a group would have to agree on it, so it fails.
        int retriesLeft = workers.Size == 1 ? options.TransientRetries : 0;
        if (retriesLeft > 0 && !resumed) checkpoint.SaveInitial(model, trainer);
        while (state.EpochsDone < options.Epochs && !state.Stopped)
        {
            int epoch = state.EpochsDone;
            long start = Stopwatch.GetTimestamp();
            double trainLoss, validationLoss;
            try
            {
                trainLoss = await trainer.TrainEpochAsync(BatchStream.ReadAsync(shard, trainStream, epoch, ct), epoch,
                    rows => progress?.Report(new JobProgress($"epoch {epoch + 1}/{options.Epochs}", rows, labels.TrainRows)), ct);
                validationLoss = await trainer.LossAsync(BatchStream.ReadAsync(shard, validationStream, 0, ct), ct);
            }
            catch (Exception e) when (TorchScalarRace.IsTransient(e))
            {
                if (retriesLeft == 0)
                    throw new InvalidOperationException(
                        $"Epoch {epoch + 1} failed with TorchSharp's transient native error " +
                        (workers.Size == 1 ? $"after {options.TransientRetries} retries in this job" : $"(a group of {workers.Size} workers does not retry)") +
                        $": {TorchScalarRace.Describe(e)}; run again with --resume to continue from epoch {epoch + 1}", e);
                retriesLeft--;
                logger.LogWarning("Epoch {Epoch}: TorchSharp's transient native error ({Error}); restoring the last checkpoint and running the epoch again ({Left} retries left)",
                    epoch + 1, TorchScalarRace.Describe(e), retriesLeft);
                TorchScalarRace.PrepareRetry();
                checkpoint.RestoreLatest(model, trainer);
                continue;
            }
            trainTime += Stopwatch.GetElapsedTime(start);
            trainedRows += labels.TrainRows;
            // Losses are global (all-reduced), so every worker reaches the same state and the same early-stopping decision.
            state = state.After(trainLoss, validationLoss, options.Patience);
            if (state.BestEpoch == 0)
                throw new InvalidOperationException(
                    $"Training diverged: epoch {state.EpochsDone} ended with validation loss {validationLoss} (train loss {trainLoss}), so there are no weights " +
                    $"to keep; lower --learning-rate (was {options.LearningRate}) or look for extreme values in the features");
            if (primary)
            {
                checkpoint.Save(model, trainer, state);
                decodeCache.WarnIfStopped(logger);
            }
            logger.LogInformation("Epoch {Epoch}/{Epochs}: train loss {Train:F5}, validation loss {Validation:F5}{Best}",
                state.EpochsDone, options.Epochs, trainLoss, validationLoss, state.BestEpoch == state.EpochsDone ? " (best)" : "");
        }
        if (state.Stopped) logger.LogInformation("Early stopping after epoch {Epoch}: no improvement for {Patience} epochs", state.EpochsDone, options.Patience);
        double communicationShare = 0;
        if (workers.Size > 1 && trainTime > TimeSpan.Zero)
        {
            communicationShare = trainer.CommunicationTime / trainTime;
            logger.LogInformation("{Workers} workers: {Steps} steps, all-reduce of {Floats} floats {Communication:F3} s of {Train:F3} s training ({Share:P1}; {PerStep:F2} ms per step)",
                workers.Size, trainer.Steps, trainer.BufferLength, trainer.CommunicationTime.TotalSeconds, trainTime.TotalSeconds, communicationShare,
                trainer.Steps > 0 ? trainer.CommunicationTime.TotalMilliseconds / trainer.Steps : 0);
        }
        if (!primary) return null;

        model.Load(checkpoint.BestWeightsPath);
        // Two inference passes over the data end the job. One thread runs Torch work here, so each pass keeps collections
        // between its batches (TorchScalarRace.QuietBetween) and is run again after the transient native error, which
        // would otherwise fail the job after all the training.
        var calibration = InferenceRetry.Create(logger, "The value calibration", collectBeforeRetry: true);
        calibration.Execute(() =>
        {
            progress?.Report(new JobProgress("calibrate values", 0, 1));
            // CC-OR-Net's residual is fitted on the log scale (geometric-mean-like values); per-bucket scales
            // make the mean value of each bucket match its mean training label. No-op for the baselines.
            model.CalibrateValues(TorchScalarRace.QuietBetween(TrainingBatches(table, split, options, cache, ct)));
        });
        string weights = Path.Combine(checkpoint.Directory, "bundle.weights");
        model.Save(weights);
        var validation = InferenceRetry.Create(logger, "The validation metrics", collectBeforeRetry: true);
        var (metrics, bucketShares, outOfVocabulary) = await validation.ExecuteAsync(async token =>
        {
            progress?.Report(new JobProgress("validation metrics", 0, 1));
            return await ValidationMetricsAsync(model, table, thresholds, split, cache, token);
        }, ct);

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
            ReferenceBucketShares = bucketShares,
            ReferenceOutOfVocabularyShares = outOfVocabulary,
            ValidationLoss = state.BestValidationLoss,
            EpochsRun = state.EpochsDone,
            BestEpoch = state.BestEpoch,
            TrainLosses = state.TrainLosses,
            ValidationLosses = state.ValidationLosses,
            Seed = options.Seed,
            BatchSize = options.BatchSize,
            LearningRate = options.LearningRate,
            LearningRateDecay = options.Decay,
            CodeVersion = ModelBundle.CodeVersion,
            ModelVersion = ModelBundle.VersionOf(options.Model, weights),
        };
        progress?.Report(new JobProgress("write bundle", 0, 1));
        ModelBundle.Write(options.OutputDirectory, manifest, weights);
        progress?.Report(new JobProgress("write bundle", 1, 1));
        string output = Path.GetFullPath(options.OutputDirectory);
        logger.LogInformation("Model bundle {Version} (best epoch {Best} of {Epochs}) -> {Output}", manifest.ModelVersion, state.BestEpoch, state.EpochsDone, output);
        if (cache is not null) CloseDecodeCache(options, decodeCache, cache, logger);
        double samplesPerSecond = trainTime > TimeSpan.Zero ? trainedRows / trainTime.TotalSeconds : double.NaN;
        return new TrainResult(output, manifest, resumed, samplesPerSecond, clock.Elapsed, workers.Rank, workers.Size, communicationShare);
    }

    // Every training row once, in file order, one batch alive at a time.
    private static IEnumerable<FeatureBatch> TrainingBatches(FeatureTable table, ValidationSplit split, TrainOptions options, DecodedRowCache? cache, CancellationToken ct) =>
        BatchStream.Batches(table, new BatchStreamOptions(Math.Max(options.BatchSize, 4096), Shuffle: false, Prefetch: options.Prefetch,
            Keep: id => !split.IsValidation(id), DecodeCache: cache), ct: ct);

    /// <summary>
    /// The process's decode cache, opened once every worker is past <see cref="Start"/> (rank 0 may have deleted an old
    /// checkpoint folder, and the default cache folder with it); null with <see cref="TrainOptions.DecodeCache"/> off.
    /// </summary>
    private static DecodedRowCache? OpenDecodeCache(TrainOptions options, SharedDecodeCache shared, FeatureTable table, ICollective workers, ILogger logger)
    {
        if (!options.DecodeCache) return null;
        workers.Barrier();
        var cache = shared.Open(table);
        // Every rank has checked (and, for a stale key, cleared) the folder before any rank writes an entry to it.
        workers.Barrier();
        if (workers.Rank == 0)
        {
            logger.LogInformation("Decode cache: decoded row groups kept in {Folder} for the later epochs and passes", cache.Directory);
            shared.WarnIfStopped(logger);
        }
        return cache;
    }

    /// <summary>After the bundle is published: what the cache served, then its files are deleted.</summary>
    private static void CloseDecodeCache(TrainOptions options, SharedDecodeCache shared, DecodedRowCache cache, ILogger logger)
    {
        shared.WarnIfStopped(logger);
        bool deleted = cache.Delete();
        logger.LogInformation("Decode cache: {Hits} row groups read from {Folder}, {Misses} decoded from Parquet{Whose}; {Deleted}",
            cache.Hits, cache.Directory, cache.Misses, options.Distribution == TrainDistribution.Mpi ? " (this rank's passes)" : "",
            deleted ? "deleted" : "could not be deleted (remove it by hand)");
    }

    /// <summary>One <see cref="DecodedRowCache"/> per process, shared by its in-process workers (its counts cover them all).</summary>
    private sealed class SharedDecodeCache(TrainOptions options)
    {
        private readonly Lock gate = new();
        private DecodedRowCache? cache;
        private bool warned;

        public DecodedRowCache Open(FeatureTable table)
        {
            lock (gate) return cache ??= DecodedRowCache.Open(options.DecodeCacheFolder, table);
        }

        /// <summary>One warning per run when the cache stopped writing (the run goes on from Parquet).</summary>
        public void WarnIfStopped(ILogger logger)
        {
            string? reason = cache?.WriteFailure;
            if (reason is null || warned) return;
            warned = true;
            logger.LogWarning("Decode cache {Folder} stopped writing ({Reason}); row groups not yet in it are decoded from Parquet", cache!.Directory, reason);
        }
    }

    /// <summary>Every worker reads the same checkpoint (a shared folder); only rank 0 clears an old one.</summary>
    private static (TrainerState State, bool Resumed) Start(
        TrainOptions options, TrainingCheckpoint checkpoint, string runKey, ILtvModel model, StreamingTrainer trainer, bool primary, ILogger logger)
    {
        var saved = options.Resume ? checkpoint.ReadState() : null;
        if (saved is null)
        {
            if (options.Resume) logger.LogWarning("No checkpoint in {Folder}; training from the start", checkpoint.Directory);
            if (primary && Directory.Exists(checkpoint.Directory)) Directory.Delete(checkpoint.Directory, recursive: true);
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
            // A decaying rate is planned over the epochs, so a longer --epochs is another run; a constant one may be continued.
            Decay = options.Decay.ToString(), DecayEpochs = options.Decay == LearningRateDecay.None ? 0 : options.Epochs,
            options.ValidationPercent, options.ValidationSalt, options.ShuffleRowGroups,
            ModelOptions = options.ModelOptions ?? new Model.Options.ModelOptions(),
            table.Manifest.InputFingerprint, table.Rows, Thresholds = table.Thresholds.ToJson(),
        });
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>
    /// Key metrics on the validation split, and the references of the score job's drift check there: shares of users
    /// per predicted bucket, and per categorical feature the share out of the vocabulary.
    /// </summary>
    private static async Task<(IReadOnlyDictionary<string, double> Metrics, IReadOnlyList<double> BucketShares, IReadOnlyDictionary<string, double> OutOfVocabulary)>
        ValidationMetricsAsync(
        ILtvModel model, FeatureTable table, BucketThresholds thresholds, ValidationSplit split, DecodedRowCache? cache, CancellationToken ct)
    {
        var actual = new List<double>();
        var predicted = new List<double>();
        var expected = new List<double>();
        var bucket = new List<int>();
        var payer = new List<double>();
        var probabilities = Enumerable.Range(0, thresholds.Buckets).Select(_ => new List<double>()).ToArray();
        var outOfVocabulary = new OutOfVocabularyCounts(table.Layout.CategoricalCount);
        var options = new BatchStreamOptions(BatchSize: 4096, Shuffle: false, Keep: split.IsValidation, DecodeCache: cache);
        await foreach (var rows in TorchScalarRace.QuietBetween(BatchStream.ReadAsync(table, options, 0, ct), ct))
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
            outOfVocabulary.Add(rows);
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
        var shares = Enumerable.Range(0, thresholds.Buckets).Select(b => bucket.Count(x => x == b) / (double)Math.Max(1, bucket.Count)).ToArray();
        return (KeyMetrics.Where(scalars.ContainsKey).ToDictionary(k => k, k => scalars[k]), shares, outOfVocabulary.Shares(table.Schema.Categorical));
    }

    /// <summary>The SVA split point: the thresholds' edge at quantile 0.5 of the positive labels, else the middle positive edge.</summary>
    private static double MedianPositive(BucketThresholds thresholds)
    {
        int index = thresholds.Quantiles.ToList().IndexOf(0.5);
        return index >= 0 ? thresholds.BucketEdges[index + 1] : thresholds.BucketEdges[thresholds.BucketEdges.Count / 2];
    }
}
