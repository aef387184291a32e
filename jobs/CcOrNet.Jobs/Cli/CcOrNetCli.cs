using System.CommandLine;
using CcOrNet.Jobs.Commands;

namespace CcOrNet.Jobs.Cli;

/// <summary>The <c>ccornet</c> command tree: one subcommand per pipeline job.</summary>
internal static class CcOrNetCli
{
    public static RootCommand Build(TextWriter output, TextWriter error)
    {
        var host = new JobHost(output, error);
        return new RootCommand("CC-OR-Net customer lifetime value pipeline: features, thresholds, training, scoring, evaluation.")
        {
            CommonOptions.Verbose,
            GenerateCommand.Create(host),
            FeaturesCommand.Create(host),
            ThresholdsCommand.Create(host),
            TrainCommand.Create(host),
            ScoreCommand.Create(host),
            EvaluateCommand.Create(host),
            PipelineCommand.Create(host),
            BenchCommand.Create(host),
        };
    }

    /// <summary>Parses and runs; a usage error prints one line to <paramref name="error"/> and returns 2.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        RootCommand root = Build(output, error);
        ParseResult parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            string command = string.Join(' ', CommandPath(parse.CommandResult.Command, root));
            string reason = string.Join("; ", parse.Errors.Select(e => OneLine(e.Message)).Distinct());
            await error.WriteLineAsync($"{command}: {reason} (see '{command} --help')");
            return ExitCodes.UsageError;
        }
        var invocation = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        return await parse.InvokeAsync(invocation, cancellationToken);
    }

    private static string OneLine(string message) =>
        string.Join(' ', message.Split((char[])['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static IEnumerable<string> CommandPath(Command command, RootCommand root)
    {
        yield return "ccornet";
        if (command != root) yield return command.Name;
    }
}
