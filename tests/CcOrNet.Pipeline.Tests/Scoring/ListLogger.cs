using Microsoft.Extensions.Logging;

namespace CcOrNet.Pipeline.Tests.Scoring;

/// <summary>Keeps every log line, to check what a job reported.</summary>
internal sealed class ListLogger : ILogger
{
    private readonly List<(LogLevel Level, string Message)> _lines = [];

    public IReadOnlyList<string> Warnings
    {
        get { lock (_lines) return _lines.Where(l => l.Level == LogLevel.Warning).Select(l => l.Message).ToList(); }
    }

    public IReadOnlyList<string> Messages
    {
        get { lock (_lines) return _lines.Select(l => l.Message).ToList(); }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_lines) _lines.Add((logLevel, formatter(state, exception)));
    }
}
