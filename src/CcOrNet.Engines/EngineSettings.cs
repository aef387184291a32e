using System.Text.RegularExpressions;
using CcOrNet.SparkConnect;

namespace CcOrNet.Engines;

/// <summary>Resources an engine may use; null = the engine's own default.</summary>
public sealed partial record EngineSettings
{
    /// <summary>The engine; DuckDB unless Spark is asked for.</summary>
    public EngineKind Kind { get; init; } = EngineKind.DuckDb;

    /// <summary>Spark Connect address for <see cref="EngineKind.Spark"/>, e.g. <c>sc://host:15002</c> (may hold a token: never log it raw).</summary>
    public string? SparkRemote { get; init; }

    /// <summary>Memory cap before spilling to <see cref="TempDirectory"/>, e.g. <c>4GB</c>.</summary>
    public string? MemoryLimit { get; init; }

    /// <summary>Worker threads; null = one per core.</summary>
    public int? Threads { get; init; }

    /// <summary>Where intermediate results spill when they exceed the memory limit.</summary>
    public string? TempDirectory { get; init; }

    /// <summary>Every broken rule, empty when the settings are usable.</summary>
    public IEnumerable<string> Problems()
    {
        if (MemoryLimit is not null && !MemorySize().IsMatch(MemoryLimit))
            yield return $"memory limit must look like '512MB' or '4GB', got '{MemoryLimit}'";
        if (Threads is < 1)
            yield return $"threads must be at least 1, got {Threads}";
        if (TempDirectory is not null && string.IsNullOrWhiteSpace(TempDirectory))
            yield return "temp directory must not be blank";
        foreach (string problem in SparkProblems()) yield return problem;
    }

    // A record prints every property; the Spark address may carry a token, so it is shown redacted.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"Kind = {Kind}, SparkRemote = {RedactedRemote()}, MemoryLimit = {MemoryLimit}, Threads = {Threads}, TempDirectory = {TempDirectory}");
        return true;
    }

    private string? RedactedRemote()
    {
        if (SparkRemote is null) return null;
        try { return SparkConnectionString.Parse(SparkRemote).ToString(); }
        catch (FormatException) { return SparkRemote.Split(';')[0] + (SparkRemote.Contains(';') ? ";..." : ""); }
    }

    private IEnumerable<string> SparkProblems()
    {
        if (Kind != EngineKind.Spark)
        {
            if (SparkRemote is not null) yield return "a Spark remote is set but the engine is DuckDB: add --engine spark";
            yield break;
        }
        if (SparkRemote is null) yield return "the Spark engine needs a Spark Connect address (--spark-remote sc://host:15002)";
        else
        {
            string? problem = null;
            try { SparkConnectionString.Parse(SparkRemote); }
            catch (FormatException e) { problem = e.Message; }
            if (problem is not null) yield return problem;
        }
        // Spark sizes itself from spark-defaults.conf / spark-submit; silently ignoring these would mislead.
        if (MemoryLimit is not null) yield return "memory limit applies to DuckDB only; size Spark executors with spark-submit (--executor-memory)";
        if (Threads is not null) yield return "threads applies to DuckDB only; size Spark with spark-submit (--executor-cores)";
        if (TempDirectory is not null) yield return "temp directory applies to DuckDB only; Spark spills to spark.local.dir";
    }

    [GeneratedRegex(@"^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$", RegexOptions.IgnoreCase)]
    private static partial Regex MemorySize();
}
