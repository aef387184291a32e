using CcOrNet.Engines;

namespace CcOrNet.Pipeline.Runs;

/// <summary>Options of <see cref="PipelineJob"/> (<c>ccornet pipeline</c>); defaults live here.</summary>
public sealed record PipelineOptions
{
    /// <summary>Run folder: lake/ (when generated), features/, thresholds.json, ...</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Users of the generated demo lake (ignored with <see cref="EventsPath"/>).</summary>
    public long Users { get; init; } = 200_000;

    public ulong Seed { get; init; } = 42;

    /// <summary>An existing events table instead of a generated lake; then <see cref="AsOf"/> is required.</summary>
    public string? EventsPath { get; init; }

    public string? UsersPath { get; init; }

    public string? MappingPath { get; init; }

    /// <summary>Cutoff T; null = the generated lake's default task.</summary>
    public DateOnly? AsOf { get; init; }

    public int? ObservationDays { get; init; }

    public int? HorizonDays { get; init; }

    public EngineSettings Engine { get; init; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> listing every broken rule.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(OutputDirectory)) problems.Add("output directory is required");
        if (EventsPath is null && Users < 1) problems.Add($"users must be at least 1, got {Users}");
        if (EventsPath is not null && AsOf is null) problems.Add("--as-of is required with --events (there is no generated task to take it from)");
        if (ObservationDays is < 1) problems.Add($"observation days must be at least 1, got {ObservationDays}");
        if (HorizonDays is < 1) problems.Add($"horizon days must be at least 1, got {HorizonDays}");
        problems.AddRange(Engine.Problems());
        if (problems.Count > 0) throw new ArgumentException("Pipeline options are not valid: " + string.Join("; ", problems));
    }
}
