using System.CommandLine;

namespace CcOrNet.Jobs.Commands;

/// <summary>
/// The action of a subcommand whose job is not built yet: its options and help are final (DAGs are
/// written against them), running it says so plainly and fails.
/// </summary>
internal static class NotYetAvailable
{
    public static void Attach(Command command, string arrivesWith)
    {
        command.SetAction(async (parse, _) =>
        {
            await parse.InvocationConfiguration.Error.WriteLineAsync(
                $"ccornet {command.Name}: error: this job is not available in this build yet ({arrivesWith})");
            return 1;
        });
    }
}
