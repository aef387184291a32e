using System.CommandLine;
using CcOrNet.Jobs.Cli;
using CcOrNet.Pipeline.Features;

namespace CcOrNet.Jobs.Commands;

/// <summary><c>ccornet bench features</c>: the features job against the same query as one raw DuckDB statement.</summary>
internal static class BenchFeaturesCommand
{
    public static Command Create(JobHost host)
    {
        var defaults = new FeaturesOptions { EventsPath = "", AsOf = default, OutputDirectory = "" };
        var events = CommonOptions.RequiredPath("--events", "Events table: Parquet or CSV file, folder or glob.");
        var usersTable = CommonOptions.OptionalPath("--users-table", "Users table.");
        var asOf = CommonOptions.Date("--as-of", "Cutoff T.");
        var observationDays = CommonOptions.PositiveInt("--observation-days", "Observation window in days.", defaults.ObservationDays);
        var horizonDays = CommonOptions.PositiveInt("--horizon-days", "Label horizon in days.", defaults.HorizonDays);
        var orderedShards = new Option<bool>("--ordered-shards") { Description = "Order each shard's rows by user id so reruns write identical files (a second pass over the output)." };
        var passes = new Option<int>("--passes")
        {
            Description = "Passes of the feature query, each over one hash slice of the users, so each fits the memory limit (0 = chosen from the estimated users and --memory-limit).",
            DefaultValueFactory = _ => defaults.Passes,
        };
        var output = CommonOptions.RequiredPath("--out", "Features folder the timed job writes.");
        var engine = new EngineOptions();

        var command = new Command("features", "Time the features job and the same aggregation as one hand-written DuckDB query.")
        {
            events, usersTable, asOf, observationDays, horizonDays, orderedShards, passes, output,
        };
        engine.AddTo(command);
        command.SetAction((parse, cancellationToken) => host.RunAsync("bench features", parse, async job =>
        {
            var options = defaults with
            {
                EventsPath = parse.GetValue(events)!,
                UsersPath = parse.GetValue(usersTable),
                AsOf = parse.GetValue(asOf),
                ObservationDays = parse.GetValue(observationDays),
                HorizonDays = parse.GetValue(horizonDays),
                OrderedShards = parse.GetValue(orderedShards),
                Passes = parse.GetValue(passes),
                OutputDirectory = parse.GetValue(output)!,
                Engine = engine.Read(parse),
            };
            FeaturesBenchmarkResult result = await FeaturesBenchmark.RunAsync(options, job.Logger("bench"), job.CancellationToken);
            Summaries.Write(job.Summary, result);
        }, cancellationToken));
        return command;
    }
}
