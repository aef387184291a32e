using System.CommandLine;
using CcOrNet.Engines;

namespace CcOrNet.Jobs.Cli;

/// <summary>The embedded engine's resource options, shared by every command that runs SQL.</summary>
internal sealed class EngineOptions
{
    private readonly Option<string?> _memoryLimit = new("--memory-limit") { Description = "Engine memory cap before spilling to disk, e.g. 4GB (default: engine's own, 80% of RAM)." };
    private readonly Option<int?> _threads = new("--threads") { Description = "Engine worker threads (default: one per core)." };
    private readonly Option<string?> _tempDirectory = new("--temp-dir") { Description = "Where the engine spills intermediate results." };

    public void AddTo(Command command)
    {
        command.Add(_memoryLimit);
        command.Add(_threads);
        command.Add(_tempDirectory);
    }

    public EngineSettings Read(ParseResult parse) => new()
    {
        MemoryLimit = parse.GetValue(_memoryLimit),
        Threads = parse.GetValue(_threads),
        TempDirectory = parse.GetValue(_tempDirectory),
    };
}
