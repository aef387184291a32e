using CcOrNet.Lake.FileSystem;
using CcOrNet.Lake.Retries;

namespace CcOrNet.Pipeline.Scoring;

/// <summary>Options of <see cref="ScoreJob"/> (<c>ccornet score</c>); defaults live here.</summary>
public sealed record ScoreOptions
{
    /// <summary>Model bundle folder written by the train job.</summary>
    public required string ModelDirectory { get; init; }

    /// <summary>Features folder to score (labelled or not); its schema must match the bundle's.</summary>
    public required string FeaturesDirectory { get; init; }

    /// <summary>The predictions table folder; the job writes its partition <c>dt=YYYY-MM-DD</c>.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Snapshot date naming the partition; null = the features' as_of. A different date is refused.</summary>
    public DateOnly? AsOf { get; init; }

    /// <summary>Users per inference batch (memory is bounded by this and the input row groups).</summary>
    public int BatchSize { get; init; } = 8192;

    /// <summary>Shards scored at once, each by its own decode -> inference -> write pipeline; 0 = one per core (at most one per shard).</summary>
    /// <remarks>
    /// Default 1: with several workers, TorchSharp 0.107's implicitly created <c>Scalar</c>s (every <c>a + b</c>) can be
    /// finalized by a garbage collection while libtorch still reads them, and the more threads allocate the likelier
    /// that is (one crash in four 10M-user runs with 2 workers; docs/performance.md).
    /// </remarks>
    public int Workers { get; init; } = 1;

    /// <summary>Torch intra-op threads (shared by the workers); 0 = cores / workers, at least 1.</summary>
    public int Threads { get; init; }

    /// <summary>Rows per row group of the output files.</summary>
    public int RowGroupRows { get; init; } = 131_072;

    /// <summary>Batches decoded ahead of inference, and scored batches queued for the writer.</summary>
    public int Prefetch { get; init; } = 2;

    /// <summary>
    /// Fail (publishing nothing) when the predicted bucket shares' PSI against the training validation split exceeds
    /// this; infinity (the default) only logs, with a warning above 0.25.
    /// </summary>
    public double MaxPredictionPsi { get; init; } = double.PositiveInfinity;

    public LakeRetryOptions Retry { get; init; } = new();

    /// <summary>File operations of the output (the seam for fault injection); the local file system by default.</summary>
    public ILakeFileSystem FileSystem { get; init; } = LocalFileSystem.Instance;

    /// <summary>Workers for a table of <paramref name="shards"/> non-empty shards.</summary>
    public int WorkersFor(int shards) => Math.Max(1, Math.Min(Workers > 0 ? Workers : Environment.ProcessorCount, shards));

    /// <summary>Torch intra-op threads when <paramref name="workers"/> workers score at once.</summary>
    public int TorchThreadsFor(int workers) => Threads > 0 ? Threads : Math.Max(1, Environment.ProcessorCount / workers);

    /// <summary>Throws <see cref="ArgumentException"/> listing every broken rule.</summary>
    public void Validate()
    {
        var problems = Problems().ToList();
        if (problems.Count > 0) throw new ArgumentException("Score options are not valid: " + string.Join("; ", problems));
    }

    /// <summary>Every broken rule, empty when the options are usable.</summary>
    public IEnumerable<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(ModelDirectory)) problems.Add("model directory is required");
        if (string.IsNullOrWhiteSpace(FeaturesDirectory)) problems.Add("features directory is required");
        if (string.IsNullOrWhiteSpace(OutputDirectory)) problems.Add("output directory is required");
        if (BatchSize < 1) problems.Add($"batch size must be at least 1, got {BatchSize}");
        if (Workers < 0) problems.Add($"workers must be >= 0, got {Workers}");
        if (Threads < 0) problems.Add($"threads must be >= 0, got {Threads}");
        if (RowGroupRows < 1) problems.Add($"row group rows must be at least 1, got {RowGroupRows}");
        if (Prefetch < 1) problems.Add($"prefetch must be at least 1, got {Prefetch}");
        if (!(MaxPredictionPsi > 0)) problems.Add($"max prediction PSI must be > 0, got {MaxPredictionPsi}");
        problems.AddRange(Retry.Problems());
        return problems;
    }
}
