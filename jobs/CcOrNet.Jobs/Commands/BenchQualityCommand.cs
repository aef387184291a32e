using System.CommandLine;
using CcOrNet.Jobs.Cli;
using CcOrNet.Pipeline.Quality;

namespace CcOrNet.Jobs.Commands;

/// <summary><c>ccornet bench quality</c>: train every model on a task (CDNOW or a generated lake) and tabulate the metrics.</summary>
internal static class BenchQualityCommand
{
    public static Command Create(JobHost host)
    {
        var defaults = new QualityOptions { Task = QualityTask.Cdnow(""), OutputDirectory = "" };
        var cdnow = CommonOptions.OptionalPath("--cdnow", "CDNOW_master.txt: train as of 1997-07-01, test as of 1997-10-01, 181d observation, 273d horizon.");
        var lake = CommonOptions.OptionalPath("--lake", "A generated lake: its generate.json gives the test as_of, training_as_of and windows.");
        var trainAsOf = CommonOptions.Date("--train-as-of",
            "Train on the snapshot as of this date instead of the task's (e.g. a year before the test as_of, the same season).", required: false);
        var output = CommonOptions.RequiredPath("--out", "Folder for quality.md, quality.json and the snapshots.");
        var models = new Option<string[]>("--models")
        {
            Description = $"Rows of the table: {string.Join(", ", defaults.Models)}.",
            DefaultValueFactory = _ => defaults.Models.ToArray(),
            AllowMultipleArgumentsPerToken = true,
        };
        var seeds = new Option<long[]>("--seeds")
        {
            Description = "Training seeds (mean and spread over them).",
            DefaultValueFactory = _ => defaults.Seeds.ToArray(),
            AllowMultipleArgumentsPerToken = true,
        };
        var epochs = CommonOptions.PositiveInt("--epochs", "Training epochs per run.", defaults.Epochs);
        var batchSize = CommonOptions.PositiveInt("--batch-size", "Training batch size.", defaults.BatchSize);
        var learningRate = CommonOptions.LearningRate(defaults.LearningRate);
        var decay = CommonOptions.LearningRateDecay(defaults.Decay);
        var threads = CommonOptions.PositiveInt("--threads", "Torch intra-op threads.", defaults.TorchThreads);
        var retrain = new Option<bool>("--retrain") { Description = "Train every run again instead of reusing finished runs stored under --out/runs." };

        var command = new Command("quality", "Train every model on a task and tabulate the metrics (mean and spread over seeds).")
        {
            cdnow, lake, trainAsOf, output, models, seeds, epochs, batchSize, learningRate, decay, threads, retrain,
        };
        command.SetAction((parse, cancellationToken) => host.RunAsync("bench quality", parse, async job =>
        {
            string? cdnowFile = parse.GetValue(cdnow), lakeDir = parse.GetValue(lake);
            if ((cdnowFile is null) == (lakeDir is null))
                throw new ArgumentException("bench quality needs exactly one task: --cdnow FILE or --lake DIR");
            var task = cdnowFile is not null ? QualityTask.Cdnow(cdnowFile) : QualityTask.FromGeneratedLake(lakeDir!);
            if (parse.GetResult(trainAsOf) is not null) task = task with { TrainAsOf = parse.GetValue(trainAsOf) };
            var options = defaults with
            {
                Task = task,
                OutputDirectory = parse.GetValue(output)!,
                Models = parse.GetValue(models)!,
                Seeds = parse.GetValue(seeds)!,
                Epochs = parse.GetValue(epochs),
                BatchSize = parse.GetValue(batchSize),
                LearningRate = parse.GetValue(learningRate),
                Decay = parse.GetValue(decay),
                TorchThreads = parse.GetValue(threads),
                ReuseRuns = !parse.GetValue(retrain),
            };
            QualityResult result = await QualityBench.RunAsync(options, job.Progress, job.Logger("bench-quality"), job.CancellationToken);
            Summaries.Write(job.Summary, result);
        }, cancellationToken));
        return command;
    }
}
