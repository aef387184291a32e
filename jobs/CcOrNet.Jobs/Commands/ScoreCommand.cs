using System.CommandLine;
using CcOrNet.Jobs.Cli;

namespace CcOrNet.Jobs.Commands;

/// <summary><c>ccornet score</c>: per-user predictions written to the lake as a dt= partition.</summary>
internal static class ScoreCommand
{
    public static Command Create()
    {
        var command = new Command("score", "Score a features snapshot with a model bundle; writes predictions/dt=YYYY-MM-DD/.")
        {
            CommonOptions.RequiredPath("--model", "Model bundle folder (output of 'ccornet train')."),
            CommonOptions.RequiredPath("--features", "Features folder to score."),
            CommonOptions.Date("--as-of", "Snapshot date; names the partition dt=YYYY-MM-DD."),
            CommonOptions.RequiredPath("--out", "Predictions table folder (partitions are created inside)."),
        };
        NotYetAvailable.Attach(command, "the scoring issue, #5");
        return command;
    }
}
