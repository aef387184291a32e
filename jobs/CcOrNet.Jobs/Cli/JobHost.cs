using System.CommandLine;
using CcOrNet.Core.Jobs;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace CcOrNet.Jobs.Cli;

/// <summary>
/// Runs one job for a command: sets up logging (stderr) and progress, turns exceptions into a one-line
/// reason and an exit code. Summaries go to stdout, everything else to stderr, so stdout can be piped.
/// </summary>
internal sealed class JobHost(TextWriter output, TextWriter error)
{
    public async Task<int> RunAsync(string job, ParseResult parse, Func<JobContext, Task> run, CancellationToken cancellationToken)
    {
        LogLevel level = parse.GetValue(CommonOptions.Verbose) ? LogLevel.Debug : LogLevel.Information;
        using ILoggerFactory loggers = LoggerFactory.Create(logging => logging
            .SetMinimumLevel(level)
            .AddSimpleConsole(console => { console.SingleLine = true; console.TimestampFormat = "HH:mm:ss "; })
            .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace));
        ILogger logger = loggers.CreateLogger($"ccornet.{job}");
        IAnsiConsole summary = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });

        try
        {
            await ProgressDisplay.RunAsync(error, logger, progress =>
                run(new JobContext(loggers, progress, summary, cancellationToken)));
            return ExitCodes.Success;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync($"ccornet {job}: cancelled; no output was published");
            return ExitCodes.Cancelled;
        }
        catch (ArgumentException invalid)
        {
            await error.WriteLineAsync($"ccornet {job}: invalid options: {invalid.Message}");
            return ExitCodes.UsageError;
        }
        catch (Exception failure)
        {
            logger.LogDebug(failure, "{Job} failed", job);
            await error.WriteLineAsync($"ccornet {job}: error: {OneLine(failure)}");
            return ExitCodes.JobFailed;
        }
    }

    private static string OneLine(Exception failure)
    {
        string message = failure is IOException or InvalidDataException or InvalidOperationException or NotSupportedException
            ? failure.Message
            : $"{failure.GetType().Name}: {failure.Message}";
        return message.ReplaceLineEndings(" ");
    }
}
