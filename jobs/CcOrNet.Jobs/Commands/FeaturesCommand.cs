using System.CommandLine;
using CcOrNet.Jobs.Cli;
using CcOrNet.Pipeline.Features;

namespace CcOrNet.Jobs.Commands;

/// <summary><c>ccornet features</c>: point-in-time features and labels as sharded Parquet.</summary>
internal static class FeaturesCommand
{
    public static Command Create(JobHost host)
    {
        var defaults = new FeaturesOptions { EventsPath = "", AsOf = default, OutputDirectory = "" };
        var events = CommonOptions.RequiredPath("--events", "Events table: Parquet or CSV file, folder or glob.");
        var usersTable = CommonOptions.OptionalPath("--users-table", "Users table (static attributes, sign-up time; quiet users are scored too).");
        var config = CommonOptions.OptionalPath("--config", "JSON column mapping when the input's names differ (see docs/features.md).");
        var asOf = CommonOptions.Date("--as-of", "Cutoff T: features see only events before it.");
        var observationDays = CommonOptions.PositiveInt("--observation-days", "Days of history before T that features summarise.", defaults.ObservationDays);
        var horizonDays = CommonOptions.PositiveInt("--horizon-days", "Days after T summed into the label ltv.", defaults.HorizonDays);
        var sequenceDays = CommonOptions.PositiveInt("--sequence-days", "Length of the daily activity sequence.", defaults.SequenceDays);
        var shards = CommonOptions.PositiveInt("--shards", "Output Parquet files (users split by hash of user_id).", defaults.Shards);
        var requireLabel = new Option<bool>("--require-label") { Description = "Fail when the horizon is not covered by the data instead of writing an unlabelled snapshot." };
        var orderedShards = new Option<bool>("--ordered-shards") { Description = "Order each shard's rows by user id so reruns write identical files (a second pass over the output)." };
        var passes = new Option<int>("--passes")
        {
            Description = "Passes of the feature query, each over one hash slice of the users, so each fits the memory limit (0 = chosen from the estimated users and --memory-limit).",
            DefaultValueFactory = _ => defaults.Passes,
        };
        var output = CommonOptions.RequiredPath("--out", "Features folder to create.");
        var engine = new EngineOptions();

        var command = new Command("features", "Compute point-in-time features (and the label when the horizon is in the data).")
        {
            events, usersTable, config, asOf, observationDays, horizonDays, sequenceDays, shards, requireLabel, orderedShards, passes, output,
        };
        engine.AddTo(command);
        command.SetAction((parse, cancellationToken) => host.RunAsync("features", parse, async job =>
        {
            var options = defaults with
            {
                EventsPath = parse.GetValue(events)!,
                UsersPath = parse.GetValue(usersTable),
                MappingPath = parse.GetValue(config),
                AsOf = parse.GetValue(asOf),
                ObservationDays = parse.GetValue(observationDays),
                HorizonDays = parse.GetValue(horizonDays),
                SequenceDays = parse.GetValue(sequenceDays),
                Shards = parse.GetValue(shards),
                RequireLabel = parse.GetValue(requireLabel),
                OrderedShards = parse.GetValue(orderedShards),
                Passes = parse.GetValue(passes),
                OutputDirectory = parse.GetValue(output)!,
                Engine = engine.Read(parse),
            };
            FeaturesResult result = await FeaturesJob.RunAsync(options, job.Progress, job.Logger("features"), job.CancellationToken);
            Summaries.Write(job.Summary, result);
        }, cancellationToken));
        return command;
    }
}
