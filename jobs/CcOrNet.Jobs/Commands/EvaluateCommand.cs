using System.CommandLine;
using CcOrNet.Jobs.Cli;

namespace CcOrNet.Jobs.Commands;

/// <summary><c>ccornet evaluate</c>: metrics.json and report.html from predictions and later labels.</summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var command = new Command("evaluate", "Evaluate predictions against labels; writes metrics.json and report.html.")
        {
            CommonOptions.RequiredPath("--predictions", "Predictions partition folder (output of 'ccornet score')."),
            CommonOptions.RequiredPath("--labels", "Features folder with labels for the same users."),
            CommonOptions.RequiredPath("--out", "Report folder to create."),
        };
        NotYetAvailable.Attach(command, "the scoring issue, #5");
        return command;
    }
}
