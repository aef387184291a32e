using System.Diagnostics;
using CcOrNet.Core.Jobs;
using CcOrNet.Core.Tasks;
using CcOrNet.Pipeline.Evaluation;
using CcOrNet.Pipeline.Features;
using CcOrNet.Pipeline.Scoring;
using CcOrNet.Pipeline.Thresholds;
using CcOrNet.Pipeline.Training;
using CcOrNet.Synthetic;
using Microsoft.Extensions.Logging;

namespace CcOrNet.Pipeline.Runs;

/// <summary>
/// The whole batch job in order, each step the same job its own subcommand runs, outputs under one run folder:
/// generate (or take) a lake; features of the training snapshot (cutoff T - H, so its labels are in the data) ->
/// thresholds -> train; features of the scoring snapshot (cutoff T) -> score -> evaluate. Training out of time
/// and scoring the later snapshot is what the weekly production run does; evaluating needs T's horizon in the data.
/// </summary>
public static class PipelineJob
{
    public static async Task<PipelineResult> RunAsync(PipelineOptions options, IProgress<JobProgress>? progress, ILogger logger, CancellationToken ct)
    {
        options.Validate();
        string run = Path.GetFullPath(options.OutputDirectory);
        Directory.CreateDirectory(run);
        var steps = new List<PipelineStep>();

        GeneratedLake? lake = null;
        LabelShapeReport? shape = null;
        if (options.EventsPath is null)
        {
            lake = await Timed(steps, "generate", () => LakeGenerator.RunAsync(
                new GeneratorOptions { OutputDirectory = Path.Combine(run, "lake"), Users = options.Users, Seed = options.Seed },
                progress, logger, ct), l => l.Directory);
            shape = await Timed(steps, "label shape", () => LabelShape.ComputeAsync(lake.Directory, lake.Task, ct), _ => "");
        }
        // The generated lake carries its default task; explicit options override any part of it.
        PredictionTask defaults = lake?.Task ?? new PredictionTask(options.AsOf!.Value, 365, 184);
        var task = new PredictionTask(options.AsOf ?? defaults.AsOf, options.ObservationDays ?? defaults.ObservationDays, options.HorizonDays ?? defaults.HorizonDays);
        var latestTraining = task.AsOf.AddDays(-task.HorizonDays);
        if (options.TrainAsOf > latestTraining)
            throw new ArgumentException(
                $"The training snapshot as of {options.TrainAsOf:yyyy-MM-dd} would need labels up to {options.TrainAsOf.Value.AddDays(task.HorizonDays):yyyy-MM-dd}, " +
                $"after the cutoff {task.AsOf:yyyy-MM-dd}; train as of {latestTraining:yyyy-MM-dd} or earlier.");
        var training = new PredictionTask(options.TrainAsOf ?? latestTraining, task.ObservationDays, task.HorizonDays);
        logger.LogInformation("Pipeline: train on the snapshot as of {Training}, score {Task}", training.AsOf, task);
        var context = new RunContext(options, run, lake, steps, progress, logger, ct);

        // Ordered shards: the same rows in the same order on every run, so a rerun trains the same model.
        FeaturesResult features = await context.Features(training, requireLabel: true, orderedShards: true);
        if (options.StopAfter == PipelineStage.Features) return Result(context, shape, features);

        ThresholdsResult thresholds = await Timed(steps, "thresholds", () => ThresholdsJob.RunAsync(new ThresholdsOptions
        {
            FeaturesDirectory = features.OutputDirectory,
            OutputFile = Path.Combine(run, "thresholds.json"),
            Engine = options.Engine,
        }, progress, logger, ct), t => t.OutputFile);
        if (options.StopAfter == PipelineStage.Thresholds) return Result(context, shape, features, thresholds);

        TrainResult model = await Timed(steps, "train", () => TrainJob.RunAsync(new TrainOptions
        {
            FeaturesDirectory = features.OutputDirectory,
            ThresholdsFile = thresholds.OutputFile,
            Model = options.Model,
            OutputDirectory = Path.Combine(run, "model"),
            Epochs = options.Epochs,
            Seed = (long)(options.Seed & long.MaxValue),
            Threads = options.Threads,
        }, progress, logger, ct), m => m.OutputDirectory);
        if (options.StopAfter == PipelineStage.Train) return Result(context, shape, features, thresholds, model);

        FeaturesResult scoring = await context.Features(task, requireLabel: false, orderedShards: false);
        ScoreResult predictions = await Timed(steps, "score", () => ScoreJob.RunAsync(new ScoreOptions
        {
            ModelDirectory = model.OutputDirectory,
            FeaturesDirectory = scoring.OutputDirectory,
            OutputDirectory = Path.Combine(run, "predictions"),
            AsOf = task.AsOf,
            Threads = options.Threads,
        }, progress, logger, ct), p => p.PartitionDirectory);
        if (options.StopAfter == PipelineStage.Score || !scoring.HasLabel)
        {
            if (!scoring.HasLabel) logger.LogInformation("The horizon of {AsOf} is not in the data yet: nothing to evaluate", task.AsOf);
            return Result(context, shape, features, thresholds, model, scoring, predictions);
        }

        EvaluateResult evaluation = await Timed(steps, "evaluate", () => EvaluateJob.RunAsync(new EvaluateOptions
        {
            Predictions = [new PredictionSource(options.Model, predictions.PartitionDirectory)],
            LabelsDirectory = scoring.OutputDirectory,
            ThresholdsFile = thresholds.OutputFile,
            OutputDirectory = Path.Combine(run, "evaluation"),
        }, progress, logger, ct), e => e.ReportFile);
        return Result(context, shape, features, thresholds, model, scoring, predictions, evaluation);
    }

    private static PipelineResult Result(RunContext context, LabelShapeReport? shape, FeaturesResult features,
        ThresholdsResult? thresholds = null, TrainResult? model = null, FeaturesResult? scoring = null,
        ScoreResult? predictions = null, EvaluateResult? evaluation = null) =>
        new(context.Run, context.Lake, shape, features, thresholds, model, scoring, predictions, evaluation, context.Steps);

    private static async Task<T> Timed<T>(List<PipelineStep> steps, string name, Func<Task<T>> step, Func<T, string> output)
    {
        long start = Stopwatch.GetTimestamp();
        T result = await step();
        steps.Add(new PipelineStep(name, Stopwatch.GetElapsedTime(start), output(result)));
        return result;
    }

    /// <summary>What every step of one run shares.</summary>
    private sealed record RunContext(PipelineOptions Options, string Run, GeneratedLake? Lake, List<PipelineStep> Steps,
        IProgress<JobProgress>? Progress, ILogger Logger, CancellationToken Ct)
    {
        public Task<FeaturesResult> Features(PredictionTask snapshot, bool requireLabel, bool orderedShards) =>
            Timed(Steps, $"features {snapshot.AsOf:yyyy-MM-dd}", () => FeaturesJob.RunAsync(new FeaturesOptions
            {
                EventsPath = Lake?.EventsDirectory ?? Options.EventsPath!,
                UsersPath = Lake?.UsersDirectory ?? Options.UsersPath,
                MappingPath = Options.MappingPath,
                AsOf = snapshot.AsOf,
                ObservationDays = snapshot.ObservationDays,
                HorizonDays = snapshot.HorizonDays,
                RequireLabel = requireLabel,
                OrderedShards = orderedShards,
                OutputDirectory = Path.Combine(Run, "features", $"as_of={snapshot.AsOf:yyyy-MM-dd}"),
                Engine = Options.Engine,
            }, Progress, Logger, Ct), f => f.OutputDirectory);
    }
}
