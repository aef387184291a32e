using System.CommandLine;
using CcOrNet.Jobs.Cli;
using CcOrNet.Synthetic;

namespace CcOrNet.Jobs.Commands;

/// <summary><c>ccornet generate</c>: a synthetic lake (events + users Parquet, generate.json).</summary>
internal static class GenerateCommand
{
    public static Command Create(JobHost host)
    {
        var users = CommonOptions.PositiveLong("--users", "Number of users to generate.", new GeneratorOptions { OutputDirectory = "" }.Users);
        var seed = new Option<ulong>("--seed") { Description = "Random seed; the same seed gives the same bytes.", DefaultValueFactory = _ => 42 };
        var shards = new Option<int>("--shards") { Description = "Parquet files per table (0 = one per ~250k users)." };
        var output = CommonOptions.RequiredPath("--out", "Folder to create: DIR/events/, DIR/users/, DIR/generate.json.");
        var shape = new Option<bool>("--shape") { Description = "Then measure the label shape of the default task (zero share, top-1% share, Gini, quiet whales)." };

        var command = new Command("generate", "Generate a realistic synthetic lake of users and events.") { users, seed, shards, output, shape };
        command.SetAction((parse, cancellationToken) => host.RunAsync("generate", parse, async job =>
        {
            var options = new GeneratorOptions
            {
                OutputDirectory = parse.GetValue(output)!,
                Users = parse.GetValue(users),
                Seed = parse.GetValue(seed),
                Shards = parse.GetValue(shards),
            };
            GeneratedLake lake = await LakeGenerator.RunAsync(options, job.Progress, job.Logger("generate"), job.CancellationToken);
            Summaries.Write(job.Summary, lake);
            if (parse.GetValue(shape))
                Summaries.Write(job.Summary, await LabelShape.ComputeAsync(lake.Directory, lake.Task, job.CancellationToken));
        }, cancellationToken));
        return command;
    }
}
