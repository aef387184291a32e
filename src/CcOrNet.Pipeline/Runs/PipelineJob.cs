using System.Diagnostics;
using CcOrNet.Core.Jobs;
using CcOrNet.Core.Tasks;
using CcOrNet.Pipeline.Features;
using CcOrNet.Pipeline.Thresholds;
using CcOrNet.Synthetic;
using Microsoft.Extensions.Logging;

namespace CcOrNet.Pipeline.Runs;

/// <summary>
/// The whole batch job in order: generate (or take) a lake, then features -> thresholds. Each step is
/// the same job its own subcommand runs, with its outputs under one run folder.
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
        string events = lake?.EventsDirectory ?? options.EventsPath!;
        string? users = lake?.UsersDirectory ?? options.UsersPath;
        // The generated lake carries its default task; explicit options override any part of it.
        PredictionTask defaults = lake?.Task ?? new PredictionTask(options.AsOf!.Value, 365, 184);
        var task = new PredictionTask(options.AsOf ?? defaults.AsOf, options.ObservationDays ?? defaults.ObservationDays, options.HorizonDays ?? defaults.HorizonDays);
        logger.LogInformation("Pipeline task: {Task}", task);

        FeaturesResult features = await Timed(steps, "features", () => FeaturesJob.RunAsync(new FeaturesOptions
        {
            EventsPath = events,
            UsersPath = users,
            MappingPath = options.MappingPath,
            AsOf = task.AsOf,
            ObservationDays = task.ObservationDays,
            HorizonDays = task.HorizonDays,
            RequireLabel = true,
            OutputDirectory = Path.Combine(run, "features", $"as_of={task.AsOf:yyyy-MM-dd}"),
            Engine = options.Engine,
        }, progress, logger, ct), f => f.OutputDirectory);

        ThresholdsResult thresholds = await Timed(steps, "thresholds", () => ThresholdsJob.RunAsync(new ThresholdsOptions
        {
            FeaturesDirectory = features.OutputDirectory,
            OutputFile = Path.Combine(run, "thresholds.json"),
            Engine = options.Engine,
        }, progress, logger, ct), t => t.OutputFile);

        return new PipelineResult(run, lake, shape, features, thresholds, steps);
    }

    private static async Task<T> Timed<T>(List<PipelineStep> steps, string name, Func<Task<T>> step, Func<T, string> output)
    {
        long start = Stopwatch.GetTimestamp();
        T result = await step();
        steps.Add(new PipelineStep(name, Stopwatch.GetElapsedTime(start), output(result)));
        return result;
    }
}
