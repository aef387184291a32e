namespace CcOrNet.Pipeline.Scoring;

/// <summary>Options of <see cref="ScoreBenchmark"/> (<c>ccornet bench score</c>); defaults live here.</summary>
public sealed record ScoreBenchmarkOptions
{
    public required string ModelDirectory { get; init; }

    public required string FeaturesDirectory { get; init; }

    /// <summary>Scratch folder: the predictions table and DuckDB's copy are written here.</summary>
    public required string OutputDirectory { get; init; }

    public int BatchSize { get; init; } = new ScoreOptions { ModelDirectory = "", FeaturesDirectory = "", OutputDirectory = "" }.BatchSize;

    /// <summary>Torch intra-op threads and DuckDB threads; 0 = each library's default.</summary>
    public int Threads { get; init; }

    /// <summary>Users held as tensors for the pure-inference measurement (the first rows of the table).</summary>
    public int InferenceRows { get; init; } = 262_144;

    /// <summary>Throws <see cref="ArgumentException"/> listing every broken rule.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(ModelDirectory)) problems.Add("model directory is required");
        if (string.IsNullOrWhiteSpace(FeaturesDirectory)) problems.Add("features directory is required");
        if (string.IsNullOrWhiteSpace(OutputDirectory)) problems.Add("output directory is required");
        if (BatchSize < 1) problems.Add($"batch size must be at least 1, got {BatchSize}");
        if (Threads < 0) problems.Add($"threads must be >= 0, got {Threads}");
        if (InferenceRows < 1) problems.Add($"inference rows must be at least 1, got {InferenceRows}");
        if (problems.Count > 0) throw new ArgumentException("Score benchmark options are not valid: " + string.Join("; ", problems));
    }
}
