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

    /// <summary>
    /// As-of date of the training snapshot; null = one horizon before the cutoff (the most recent complete labels). A
    /// seasonal business trains on the same season a year earlier: on the generated lake, whose sales follow the
    /// calendar, the default snapshot has January-June labels for a July-December horizon and predicts about half of it
    /// (docs/results.md, "same-season training"). Its labels must be complete by the cutoff: at most T - horizon.
    /// </summary>
    public DateOnly? TrainAsOf { get; init; }

    public EngineSettings Engine { get; init; } = new();

    /// <summary>Model trained on the training snapshot: ccornet, ordinal, ziln, logmse or twostage.</summary>
    public string Model { get; init; } = "ccornet";

    /// <summary>Training epochs (early stopping may end sooner); at the demo size 10 epochs take about 1.5 minutes on 2 cores.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Torch intra-op threads for training and scoring; 1 leaves the other core to Parquet decoding (docs/performance-train.md).</summary>
    public int Threads { get; init; } = 1;

    /// <summary>The last job to run; the default runs them all.</summary>
    public PipelineStage StopAfter { get; init; } = PipelineStage.Evaluate;

    /// <summary>Throws <see cref="ArgumentException"/> listing every broken rule.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(OutputDirectory)) problems.Add("output directory is required");
        if (EventsPath is null && Users < 1) problems.Add($"users must be at least 1, got {Users}");
        if (EventsPath is not null && AsOf is null) problems.Add("--as-of is required with --events (there is no generated task to take it from)");
        if (ObservationDays is < 1) problems.Add($"observation days must be at least 1, got {ObservationDays}");
        if (HorizonDays is < 1) problems.Add($"horizon days must be at least 1, got {HorizonDays}");
        if (!CcOrNet.Model.Models.LtvModelFactory.Names.Contains(Model)) problems.Add($"model must be one of {string.Join(", ", CcOrNet.Model.Models.LtvModelFactory.Names)}, got '{Model}'");
        if (Epochs < 1) problems.Add($"epochs must be at least 1, got {Epochs}");
        if (Threads < 0) problems.Add($"threads must be >= 0, got {Threads}");
        if (!Enum.IsDefined(StopAfter)) problems.Add($"stop-after must be one of {string.Join(", ", Enum.GetNames<PipelineStage>())}, got {StopAfter}");
        problems.AddRange(Engine.Problems());
        if (problems.Count > 0) throw new ArgumentException("Pipeline options are not valid: " + string.Join("; ", problems));
    }
}
