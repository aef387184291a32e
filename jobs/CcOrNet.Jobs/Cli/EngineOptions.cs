using System.CommandLine;
using CcOrNet.Engines;

namespace CcOrNet.Jobs.Cli;

/// <summary>The engine choice and its resource options, shared by every command that runs SQL.</summary>
internal sealed class EngineOptions
{
    /// <summary>Where the Spark Connect address comes from when --spark-remote is not given (PySpark's convention).</summary>
    public const string SparkRemoteVariable = "SPARK_REMOTE";

    private readonly Option<EngineKind> _engine = new("--engine")
    {
        Description = "SQL engine: duckdb (in-process, default) or spark (a cluster through Spark Connect).",
        HelpName = "duckdb|spark",
        DefaultValueFactory = _ => EngineKind.DuckDb,
        CustomParser = result => result.Tokens[0].Value.ToLowerInvariant() switch
        {
            "duckdb" => EngineKind.DuckDb,
            "spark" => EngineKind.Spark,
            var other => Invalid(result, other),
        },
    };
    private readonly Option<string?> _sparkRemote = new("--spark-remote")
    {
        Description = $"Spark Connect address for --engine spark, e.g. sc://host:15002 or sc://host:443/;token=...;use_ssl=true (default: ${SparkRemoteVariable}).",
    };
    private readonly Option<string?> _memoryLimit = new("--memory-limit") { Description = "DuckDB memory cap before spilling to disk, e.g. 4GB (default: engine's own, 80% of RAM)." };
    private readonly Option<int?> _threads = new("--threads") { Description = "DuckDB worker threads (default: one per core)." };
    private readonly Option<string?> _tempDirectory = new("--temp-dir") { Description = "Where DuckDB spills intermediate results." };

    public void AddTo(Command command)
    {
        command.Add(_engine);
        command.Add(_sparkRemote);
        command.Add(_memoryLimit);
        command.Add(_threads);
        command.Add(_tempDirectory);
    }

    public EngineSettings Read(ParseResult parse)
    {
        var kind = parse.GetValue(_engine);
        return new EngineSettings
        {
            Kind = kind,
            SparkRemote = parse.GetValue(_sparkRemote) ?? (kind == EngineKind.Spark ? Environment.GetEnvironmentVariable(SparkRemoteVariable) : null),
            MemoryLimit = parse.GetValue(_memoryLimit),
            Threads = parse.GetValue(_threads),
            TempDirectory = parse.GetValue(_tempDirectory),
        };
    }

    private static EngineKind Invalid(System.CommandLine.Parsing.ArgumentResult result, string value)
    {
        result.AddError($"--engine must be duckdb or spark, got '{value}'");
        return EngineKind.DuckDb;
    }
}
