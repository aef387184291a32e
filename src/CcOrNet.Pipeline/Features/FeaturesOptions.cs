using CcOrNet.Core.Features;
using CcOrNet.Core.Tasks;
using CcOrNet.Engines;

namespace CcOrNet.Pipeline.Features;

/// <summary>Options of <see cref="FeaturesJob"/> (<c>ccornet features</c>); defaults live here.</summary>
public sealed record FeaturesOptions
{
    /// <summary>Events table: Parquet or CSV file, folder or glob.</summary>
    public required string EventsPath { get; init; }

    /// <summary>Optional users table (quiet users, static attributes, sign-up time).</summary>
    public string? UsersPath { get; init; }

    /// <summary>JSON column mapping (<see cref="ColumnMapping"/>); ignored when <see cref="Mapping"/> is set.</summary>
    public string? MappingPath { get; init; }

    /// <summary>Column mapping given in code; null = <see cref="MappingPath"/> or the lake's names.</summary>
    public ColumnMapping? Mapping { get; init; }

    /// <summary>Cutoff T: features see only events before it.</summary>
    public required DateOnly AsOf { get; init; }

    public int ObservationDays { get; init; } = 273;

    public int HorizonDays { get; init; } = 273;

    /// <summary>Length D of the daily sequence (spend and event count of each of the last D days).</summary>
    public int SequenceDays { get; init; } = 56;

    /// <summary>Output files; users go to <see cref="ShardHash.Of"/>.</summary>
    public int Shards { get; init; } = 8;

    /// <summary>
    /// Order each shard's rows by user id: reruns then write identical files (so a training run
    /// sees the same batches), at the cost of a second pass over the output. Off: every user is
    /// still in the shard of its hash, but the row order inside a shard may differ between runs.
    /// </summary>
    public bool OrderedShards { get; init; }

    /// <summary>
    /// Passes of the feature query, each over one slice of the users (by the shards' hash) so that
    /// its aggregation state fits the engine's memory limit; 0 = as many as the estimated users and
    /// the limit need (<see cref="FeaturePasses"/>; one on Spark). The output does not depend on it.
    /// </summary>
    public int Passes { get; init; }

    /// <summary>Frequent values per event attribute that get their own spend-share column.</summary>
    public int MaxValuesPerAttribute { get; init; } = 8;

    /// <summary>Fail instead of writing an unlabelled table when the horizon is not covered by the data.</summary>
    public bool RequireLabel { get; init; }

    public required string OutputDirectory { get; init; }

    public EngineSettings Engine { get; init; } = new();

    /// <summary>The task window (valid once <see cref="Validate"/> passed).</summary>
    public PredictionTask Task => new(AsOf, ObservationDays, HorizonDays);

    /// <summary>Throws <see cref="ArgumentException"/> listing every broken rule.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(EventsPath)) problems.Add("events path is required");
        if (UsersPath is not null && string.IsNullOrWhiteSpace(UsersPath)) problems.Add("users path must not be blank");
        if (string.IsNullOrWhiteSpace(OutputDirectory)) problems.Add("output directory is required");
        if (MappingPath is not null && Mapping is null && !File.Exists(MappingPath)) problems.Add($"mapping file '{MappingPath}' does not exist");
        if (ObservationDays < 1) problems.Add($"observation days must be at least 1, got {ObservationDays}");
        if (HorizonDays < 1) problems.Add($"horizon days must be at least 1, got {HorizonDays}");
        if (SequenceDays is < 1 or > 366) problems.Add($"sequence days must be in 1..366, got {SequenceDays}");
        if (SequenceDays > ObservationDays && ObservationDays >= 1) problems.Add($"sequence days ({SequenceDays}) must not exceed observation days ({ObservationDays})");
        if (Shards is < 1 or > 10_000) problems.Add($"shards must be in 1..10000, got {Shards}");
        if (Passes is < 0 or > FeaturePasses.MaxPasses) problems.Add($"passes must be in 0..{FeaturePasses.MaxPasses} (0 = automatic), got {Passes}");
        if (MaxValuesPerAttribute is < 0 or > 100) problems.Add($"max values per attribute must be in 0..100, got {MaxValuesPerAttribute}");
        problems.AddRange(Engine.Problems());
        if (problems.Count > 0) throw new ArgumentException("Features options are not valid: " + string.Join("; ", problems));
    }
}
