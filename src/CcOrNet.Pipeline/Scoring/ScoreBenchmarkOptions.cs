namespace CcOrNet.Pipeline.Scoring;

/// <summary>Options of <see cref="ScoreBenchmark"/> (<c>ccornet bench score</c>); the score job's own rules and defaults come from <see cref="ScoreOptions"/>.</summary>
public sealed record ScoreBenchmarkOptions
{
    private static readonly ScoreOptions Defaults = new() { ModelDirectory = "", FeaturesDirectory = "", OutputDirectory = "" };

    public required string ModelDirectory { get; init; }

    public required string FeaturesDirectory { get; init; }

    /// <summary>Scratch folder: the predictions table and DuckDB's copy are written here.</summary>
    public required string OutputDirectory { get; init; }

    public int BatchSize { get; init; } = Defaults.BatchSize;

    /// <summary>Shards the score job scores at once (see <see cref="ScoreOptions.Workers"/>); also the threads of the in-memory inference.</summary>
    public int Workers { get; init; } = Defaults.Workers;

    /// <summary>Torch intra-op threads (see <see cref="ScoreOptions.Threads"/>) and DuckDB threads (0 = DuckDB's default).</summary>
    public int Threads { get; init; } = Defaults.Threads;

    /// <summary>Users held as tensors for the pure-inference measurement (the first rows of the table).</summary>
    public int InferenceRows { get; init; } = 262_144;

    /// <summary>The score job this benchmark runs.</summary>
    public ScoreOptions Job() => Defaults with
    {
        ModelDirectory = ModelDirectory,
        FeaturesDirectory = FeaturesDirectory,
        OutputDirectory = Path.Combine(OutputDirectory, "predictions"),
        BatchSize = BatchSize,
        Workers = Workers,
        Threads = Threads,
    };

    /// <summary>Throws <see cref="ArgumentException"/> listing every broken rule.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(OutputDirectory)) problems.Add("output directory is required");
        problems.AddRange(Job().Problems());
        if (InferenceRows < 1) problems.Add($"inference rows must be at least 1, got {InferenceRows}");
        if (problems.Count > 0) throw new ArgumentException("Score benchmark options are not valid: " + string.Join("; ", problems));
    }
}
