using System.CommandLine;
using CcOrNet.Jobs.Cli;
using CcOrNet.Pipeline.Runs;

namespace CcOrNet.Jobs.Commands;

/// <summary><c>ccornet pipeline</c>: every job in order, on a generated lake or a given events table.</summary>
internal static class PipelineCommand
{
    public static Command Create(JobHost host)
    {
        var defaults = new PipelineOptions { OutputDirectory = "" };
        var output = CommonOptions.RequiredPath("--out", "Run folder: lake/, features/as_of=.../, thresholds.json, model/, predictions/, evaluation/.");
        var users = CommonOptions.PositiveLong("--users", "Users of the generated demo lake.", defaults.Users);
        var seed = new Option<ulong>("--seed") { Description = "Random seed of the generated lake.", DefaultValueFactory = _ => defaults.Seed };
        var events = CommonOptions.OptionalPath("--events", "Use this events table instead of generating a lake (Parquet or CSV).");
        var usersTable = CommonOptions.OptionalPath("--users-table", "Users table that goes with --events.");
        var config = CommonOptions.OptionalPath("--config", "JSON column mapping for --events.");
        var asOf = CommonOptions.Date("--as-of", "Cutoff T (default: the generated lake's task).", required: false);
        var observationDays = new Option<int?>("--observation-days") { Description = "Observation window in days (default: the lake's task, else 365)." };
        var horizonDays = new Option<int?>("--horizon-days") { Description = "Label horizon in days (default: the lake's task, else 184)." };
        var trainAsOf = CommonOptions.Date("--train-as-of",
            "As-of date of the training snapshot (default: T - horizon); e.g. a year before T to train on the same season. At most T - horizon.", required: false);
        var model = new Option<string>("--model") { Description = "Model to train.", DefaultValueFactory = _ => defaults.Model }
            .AcceptOnlyFromAmong("ccornet", "ziln", "logmse", "twostage", "ordinal");
        var epochs = CommonOptions.PositiveInt("--epochs", "Training epochs (early stopping may end sooner).", defaults.Epochs);
        var threads = new Option<int>("--threads") { Description = "Torch intra-op threads (0 = libtorch default).", DefaultValueFactory = _ => defaults.Threads };
        var stopAfter = new Option<PipelineStage>("--stop-after") { Description = "Last job to run.", DefaultValueFactory = _ => defaults.StopAfter };
        var engine = new EngineOptions();

        var command = new Command("pipeline",
            "Run the whole job: generate (or take) a lake; features of the training snapshot (T - horizon, or --train-as-of), thresholds, train; features of T, score, evaluate.")
        {
            output, users, seed, events, usersTable, config, asOf, observationDays, horizonDays, trainAsOf, model, epochs, threads, stopAfter,
        };
        engine.AddTo(command);
        command.SetAction((parse, cancellationToken) => host.RunAsync("pipeline", parse, async job =>
        {
            var options = defaults with
            {
                OutputDirectory = parse.GetValue(output)!,
                Users = parse.GetValue(users),
                Seed = parse.GetValue(seed),
                EventsPath = parse.GetValue(events),
                UsersPath = parse.GetValue(usersTable),
                MappingPath = parse.GetValue(config),
                AsOf = parse.GetResult(asOf) is null ? null : parse.GetValue(asOf),
                ObservationDays = parse.GetValue(observationDays),
                HorizonDays = parse.GetValue(horizonDays),
                TrainAsOf = parse.GetResult(trainAsOf) is null ? null : parse.GetValue(trainAsOf),
                Engine = engine.Read(parse),
                Model = parse.GetValue(model)!,
                Epochs = parse.GetValue(epochs),
                Threads = parse.GetValue(threads),
                StopAfter = parse.GetValue(stopAfter),
            };
            PipelineResult result = await PipelineJob.RunAsync(options, job.Progress, job.Logger("pipeline"), job.CancellationToken);
            Summaries.Write(job.Summary, result);
        }, cancellationToken));
        return command;
    }
}
