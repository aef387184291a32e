using CcOrNet.Model.Training;
using CcOrNet.Model.Models;
using CcOrNet.Model.Options;

namespace CcOrNet.Pipeline.Training;

/// <summary>Options of <see cref="TrainJob"/> (<c>ccornet train</c>); defaults live here.</summary>
public sealed record TrainOptions
{
    /// <summary>A labelled features folder written by the features job.</summary>
    public required string FeaturesDirectory { get; init; }

    /// <summary>Thresholds JSON written by the thresholds job.</summary>
    public required string ThresholdsFile { get; init; }

    /// <summary>ccornet, ordinal, ziln, logmse or twostage.</summary>
    public string Model { get; init; } = "ccornet";

    /// <summary>Model bundle folder to create (replaced atomically).</summary>
    public required string OutputDirectory { get; init; }

    public int Epochs { get; init; } = 10;

    public int BatchSize { get; init; } = 2048;

    public long Seed { get; init; } = 42;

    /// <summary>
    /// Data-parallel workers in this process (each with a model replica, a shard and a slice of every global batch).
    /// With <see cref="TrainDistribution.Mpi"/> the group is mpirun's processes; then this must be 1 or their number.
    /// </summary>
    public int Workers { get; init; } = 1;

    /// <summary>Where the workers run: threads of this process, or MPI processes.</summary>
    public TrainDistribution Distribution { get; init; } = TrainDistribution.InProcess;

    /// <summary>A worker waiting longer than this in a collective (a peer stalled without dying) fails the job.</summary>
    public TimeSpan CollectiveTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Torch intra-op threads per worker; 0 = libtorch's default (one per core) for one worker, else cores / workers
    /// (per host with MPI). See docs/performance-train.md.
    /// </summary>
    public int Threads { get; init; }

    /// <summary>Continue from the last checkpoint in <see cref="CheckpointFolder"/>.</summary>
    public bool Resume { get; init; }

    /// <summary>
    /// Epochs run again from the last checkpoint after TorchSharp's transient native error (<see cref="Model.Runtime.TorchScalarRace"/>),
    /// in the whole job; 0 = fail at once. One worker only: with several, a failure still fails the job (continue it with <see cref="Resume"/>).
    /// </summary>
    public int TransientRetries { get; init; } = 3;

    public double LearningRate { get; init; } = 1e-3;

    /// <summary>
    /// How the learning rate falls over <see cref="Epochs"/> (with early stopping, the run may end before it reaches 0).
    /// Cosine by default: with a constant rate, retraining on the same data with another seed moved whale AMBE by
    /// +-8 % and top-bucket F1 by +-0.05 (docs/results.md); annealed, by under 1 %.
    /// </summary>
    public LearningRateDecay Decay { get; init; } = LearningRateDecay.Cosine;

    public double GradientClipNorm { get; init; } = 5.0;

    public double WeightDecay { get; init; }

    /// <summary>Share of users (by hash of user_id) held out for validation, early stopping and the bundle's metrics.</summary>
    public int ValidationPercent { get; init; } = 10;

    /// <summary>Salt of the validation split's hash (another salt holds out other users).</summary>
    public ulong ValidationSalt { get; init; }

    /// <summary>Stop after this many epochs without a lower validation loss.</summary>
    public int Patience { get; init; } = 3;

    /// <summary>Row groups mixed in the shuffle buffer.</summary>
    public int ShuffleRowGroups { get; init; } = 4;

    /// <summary>Batches decoded ahead of training.</summary>
    public int Prefetch { get; init; } = 2;

    /// <summary>Architecture knobs; null = the model defaults.</summary>
    public ModelOptions? ModelOptions { get; init; }

    /// <summary>Checkpoint folder; null = <c>{OutputDirectory}.checkpoint</c> next to the bundle.</summary>
    public string? CheckpointDirectory { get; init; }

    /// <summary>Where checkpoints go.</summary>
    public string CheckpointFolder => CheckpointDirectory ?? Path.GetFullPath(OutputDirectory).TrimEnd(Path.DirectorySeparatorChar) + ".checkpoint";

    /// <summary>
    /// Keep the decoded row groups on local disk (<see cref="Model.Data.DecodedRowCache"/> in <see cref="DecodeCacheFolder"/>):
    /// epochs after the first, the validation passes and the value calibration read them instead of decoding Parquet.
    /// Same batches either way.
    /// </summary>
    public bool DecodeCache { get; init; } = true;

    /// <summary>Decoded row-group cache folder; null = <c>decoded/</c> in <see cref="CheckpointFolder"/>.</summary>
    public string? DecodeCacheDirectory { get; init; }

    /// <summary>
    /// Where the decoded row groups go: kept after a failed run for <see cref="Resume"/>, deleted once the bundle is
    /// published (a scratch copy, about (8 + 4 Fn + 8 Fc + 4 C D + 4) bytes per row).
    /// </summary>
    public string DecodeCacheFolder => Path.GetFullPath(DecodeCacheDirectory ?? Path.Combine(CheckpointFolder, "decoded"));

    /// <summary>Throws <see cref="ArgumentException"/> listing every broken rule.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(FeaturesDirectory)) problems.Add("features directory is required");
        if (string.IsNullOrWhiteSpace(ThresholdsFile)) problems.Add("thresholds file is required");
        if (string.IsNullOrWhiteSpace(OutputDirectory)) problems.Add("output directory is required");
        if (DecodeCacheDirectory is not null && string.IsNullOrWhiteSpace(DecodeCacheDirectory)) problems.Add("decode cache directory must not be blank (null = the default)");
        if (!LtvModelFactory.Names.Contains(Model)) problems.Add($"model must be one of {string.Join(", ", LtvModelFactory.Names)}, got '{Model}'");
        if (Epochs < 1) problems.Add($"epochs must be at least 1, got {Epochs}");
        if (BatchSize < 1) problems.Add($"batch size must be at least 1, got {BatchSize}");
        if (Workers < 1) problems.Add($"workers must be at least 1, got {Workers}");
        else if (BatchSize < Workers) problems.Add($"batch size ({BatchSize}) must be at least the number of workers ({Workers}): each worker takes a slice of every batch");
        if (!Enum.IsDefined(Distribution)) problems.Add($"distribution must be one of {string.Join(", ", Enum.GetNames<TrainDistribution>())}, got {Distribution}");
        if (CollectiveTimeout <= TimeSpan.Zero) problems.Add($"collective timeout must be positive, got {CollectiveTimeout}");
        if (TransientRetries < 0) problems.Add($"transient retries must be >= 0, got {TransientRetries}");
        if (Threads < 0) problems.Add($"threads must be >= 0, got {Threads}");
        if (!(LearningRate > 0)) problems.Add($"learning rate must be > 0, got {LearningRate}");
        if (GradientClipNorm < 0) problems.Add($"gradient clip norm must be >= 0, got {GradientClipNorm}");
        if (WeightDecay < 0) problems.Add($"weight decay must be >= 0, got {WeightDecay}");
        if (ValidationPercent is < 1 or > 50) problems.Add($"validation percent must be in 1..50, got {ValidationPercent}");
        if (Patience < 1) problems.Add($"patience must be at least 1, got {Patience}");
        if (ShuffleRowGroups < 1) problems.Add($"shuffle row groups must be at least 1, got {ShuffleRowGroups}");
        if (Prefetch < 1) problems.Add($"prefetch must be at least 1, got {Prefetch}");
        if (ModelOptions is not null)
        {
            try { ModelOptions.Validate(); }
            catch (ArgumentException e) { problems.Add(e.Message); }
        }
        if (problems.Count > 0) throw new ArgumentException("Train options are not valid: " + string.Join("; ", problems));
    }
}
