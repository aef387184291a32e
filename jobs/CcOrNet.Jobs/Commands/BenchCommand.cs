using System.CommandLine;
using CcOrNet.Jobs.Cli;

namespace CcOrNet.Jobs.Commands;

/// <summary><c>ccornet bench</c>: the measurements behind docs/performance.md and docs/results.md.</summary>
internal static class BenchCommand
{
    public static Command Create(JobHost host)
    {
        var command = new Command("bench", "Benchmarks: features, train, score, quality.");
        foreach ((string name, string description, string arrivesWith) in new[]
        {
            ("train", "Training throughput vs in-memory tensors.", "the model issue, #4"),
            ("score", "Scoring throughput, Parquet in to Parquet out.", "the scoring issue, #5"),
        })
        {
            var sub = new Command(name, description);
            NotYetAvailable.Attach(sub, arrivesWith);
            command.Add(sub);
        }
        command.Add(BenchQualityCommand.Create(host));
        return command;
    }
}
