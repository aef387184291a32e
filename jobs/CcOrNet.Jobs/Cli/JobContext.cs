using CcOrNet.Core.Jobs;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace CcOrNet.Jobs.Cli;

/// <summary>What a command's action hands to a job: logs, progress, the summary console and cancellation.</summary>
internal sealed record JobContext(
    ILoggerFactory Loggers,
    IProgress<JobProgress> Progress,
    IAnsiConsole Summary,
    CancellationToken CancellationToken)
{
    public ILogger Logger(string category) => Loggers.CreateLogger(category);
}
