using System.CommandLine;
using CcOrNet.Jobs.Cli;

namespace CcOrNet.Jobs.Commands;

/// <summary><c>ccornet train</c>: fits CC-OR-Net or a baseline and writes a model bundle.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var command = new Command("train", "Train CC-OR-Net or a baseline on a features table; writes a model bundle.")
        {
            CommonOptions.RequiredPath("--features", "Features folder (output of 'ccornet features', with labels)."),
            CommonOptions.RequiredPath("--thresholds", "Thresholds JSON (output of 'ccornet thresholds')."),
            new Option<string>("--model") { Description = "Model to train.", DefaultValueFactory = _ => "ccornet" }
                .AcceptOnlyFromAmong("ccornet", "ziln", "logmse", "twostage", "ordinal"),
            CommonOptions.RequiredPath("--out", "Model bundle folder to create."),
            CommonOptions.PositiveInt("--epochs", "Training epochs.", 10),
            CommonOptions.PositiveInt("--batch-size", "Global batch size.", 2048),
            new Option<ulong>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 42 },
            CommonOptions.PositiveInt("--workers", "Data-parallel workers.", 1),
            new Option<bool>("--resume") { Description = "Continue from the last checkpoint in --out." },
        };
        NotYetAvailable.Attach(command, "the model issue, #4");
        return command;
    }
}
