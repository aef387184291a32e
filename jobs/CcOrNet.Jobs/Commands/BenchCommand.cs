using System.CommandLine;
using CcOrNet.Jobs.Cli;

namespace CcOrNet.Jobs.Commands;

/// <summary><c>ccornet bench</c>: the measurements behind docs/performance.md and docs/results.md.</summary>
internal static class BenchCommand
{
    public static Command Create(JobHost host)
    {
        var command = new Command("bench", "Benchmarks: features, train, score, quality.")
        {
            BenchFeaturesCommand.Create(host),
            BenchTrainCommand.Create(host),
            BenchQualityCommand.Create(host),
            BenchScoreCommand.Create(host),
        };
        return command;
    }
}
