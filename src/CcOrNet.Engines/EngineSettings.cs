using System.Text.RegularExpressions;

namespace CcOrNet.Engines;

/// <summary>Resources an engine may use; null = the engine's own default.</summary>
public sealed partial record EngineSettings
{
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
    }

    [GeneratedRegex(@"^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$", RegexOptions.IgnoreCase)]
    private static partial Regex MemorySize();
}
