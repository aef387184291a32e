using System.Collections.Concurrent;
using System.Diagnostics;
using CcOrNet.Core.Jobs;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace CcOrNet.Jobs.Cli;

/// <summary>
/// Shows job progress: live Spectre.Console bars on an interactive terminal, otherwise (CI,
/// orchestrators, pipes) a log line per step at most every few seconds.
/// </summary>
internal static class ProgressDisplay
{
    private static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(5);

    public static Task RunAsync(TextWriter error, ILogger logger, Func<IProgress<JobProgress>, Task> run)
    {
        bool interactive = ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected
            && Environment.GetEnvironmentVariable("CI") is null;
        return interactive ? RunWithBarsAsync(run) : run(new LoggedProgress(logger));
    }

    private static Task RunWithBarsAsync(Func<IProgress<JobProgress>, Task> run)
    {
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                     new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(context => run(new BarProgress(context)));
    }

    /// <summary>One bar per step name; reports may come from any thread.</summary>
    private sealed class BarProgress(ProgressContext context) : IProgress<JobProgress>
    {
        private readonly ConcurrentDictionary<string, ProgressTask> _bars = new();

        public void Report(JobProgress value)
        {
            ProgressTask bar = _bars.GetOrAdd(value.Step, step => context.AddTask(step, autoStart: true, maxValue: 1));
            bar.IsIndeterminate = value.Total <= 0;
            if (value.Total > 0)
            {
                bar.MaxValue = value.Total;
                bar.Value = value.Done;
            }
        }
    }

    /// <summary>Logs a step when it starts, ends, or every <see cref="LogInterval"/> in between.</summary>
    private sealed class LoggedProgress(ILogger logger) : IProgress<JobProgress>
    {
        private readonly ConcurrentDictionary<string, long> _lastLogged = new();

        public void Report(JobProgress value)
        {
            long now = Stopwatch.GetTimestamp();
            bool first = _lastLogged.TryAdd(value.Step, now);
            bool finished = value.Total > 0 && value.Done >= value.Total;
            bool due = Stopwatch.GetElapsedTime(_lastLogged[value.Step], now) >= LogInterval;
            if (!first && !finished && !due) return;
            _lastLogged[value.Step] = now;
            if (value.Total > 0)
                logger.LogInformation("{Step}: {Done:N0}/{Total:N0} ({Percent:F0}%)", value.Step, value.Done, value.Total, 100.0 * value.Done / value.Total);
            else
                logger.LogInformation("{Step}: {Done:N0}", value.Step, value.Done);
        }
    }
}
