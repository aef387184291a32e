namespace CcOrNet.Pipeline.Training;

/// <summary>Options of <see cref="TrainBenchmark"/> (<c>ccornet bench train</c>); defaults live here.</summary>
public sealed record TrainBenchmarkOptions
{
    /// <summary>A labelled features folder.</summary>
    public required string FeaturesDirectory { get; init; }

    public required string ThresholdsFile { get; init; }

    public string Model { get; init; } = "ccornet";

    public int BatchSize { get; init; } = 4096;

    /// <summary>Torch intra-op threads per worker; 0 = libtorch's default for one worker, cores / workers for several.</summary>
    public int Threads { get; init; }

    /// <summary>In-process data-parallel workers (as <c>ccornet train --workers</c>): each a replica on its own shard and a slice of every batch.</summary>
    public int Workers { get; init; } = 1;

    /// <summary>The machine's fp32 matmul peak in GFLOP/s that the model's rate is compared with (2 cores x ~60 here).</summary>
    public double PeakGflops { get; init; } = 120;

    /// <summary>Timed batches per measurement; 0 = the whole table.</summary>
    public int MaxBatches { get; init; }

    /// <summary>
    /// Epochs of each timed pass: from Parquet the first decodes (and fills the decode cache), later ones read the cache
    /// as <c>ccornet train</c> does; in memory every epoch runs over the same tensors.
    /// </summary>
    public int Epochs { get; init; } = 1;

    /// <summary>The pass from Parquet keeps decoded row groups in a <see cref="Model.Data.DecodedRowCache"/> (as <c>ccornet train</c>); off = decode every epoch.</summary>
    public bool DecodeCache { get; init; } = true;

    /// <summary>Folder of the decode cache (emptied before and deleted after the run); null = a new temporary folder.</summary>
    public string? DecodeCacheDirectory { get; init; }

    /// <summary>Untimed training steps before measuring.</summary>
    public int WarmupBatches { get; init; } = 2;

    public long Seed { get; init; } = 42;

    /// <summary>Throws <see cref="ArgumentException"/> listing every broken rule.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(FeaturesDirectory)) problems.Add("features directory is required");
        if (string.IsNullOrWhiteSpace(ThresholdsFile)) problems.Add("thresholds file is required");
        if (!CcOrNet.Model.Models.LtvModelFactory.Names.Contains(Model)) problems.Add($"model must be one of {string.Join(", ", CcOrNet.Model.Models.LtvModelFactory.Names)}, got '{Model}'");
        if (BatchSize < 1) problems.Add($"batch size must be at least 1, got {BatchSize}");
        if (Threads < 0) problems.Add($"threads must be >= 0, got {Threads}");
        if (Workers < 1) problems.Add($"workers must be at least 1, got {Workers}");
        if (BatchSize < Workers) problems.Add($"batch size {BatchSize} must be at least the {Workers} workers");
        if (!(PeakGflops > 0)) problems.Add($"peak GFLOP/s must be > 0, got {PeakGflops}");
        if (MaxBatches < 0) problems.Add($"max batches must be >= 0, got {MaxBatches}");
        if (WarmupBatches < 0) problems.Add($"warm-up batches must be >= 0, got {WarmupBatches}");
        if (Epochs < 1) problems.Add($"epochs must be at least 1, got {Epochs}");
        if (DecodeCacheDirectory is not null && string.IsNullOrWhiteSpace(DecodeCacheDirectory)) problems.Add("decode cache directory must not be blank (null = a temporary folder)");
        if (problems.Count > 0) throw new ArgumentException("Train benchmark options are not valid: " + string.Join("; ", problems));
    }
}
