using CcOrNet.Core.Jobs;

namespace CcOrNet.Pipeline.Training;

/// <summary>Training throughput from Parquet vs from tensors already in memory, same model and batches.</summary>
/// <param name="Rows">Users per epoch of a timed pass (all workers).</param>
/// <param name="Epochs">Epochs of each timed pass.</param>
/// <param name="BatchSize">Rows per step (the global batch, cut into one slice per worker).</param>
/// <param name="Threads">Torch intra-op threads during the run (per process: every worker uses this many).</param>
/// <param name="Workers">In-process data-parallel workers.</param>
/// <param name="DecodeSamplesPerSecond">Parquet -> normalised batches alone (no training, no decode cache), with prefetch.</param>
/// <param name="StreamedSamplesPerSecond">The real train path over all epochs: streamed batches (Parquet, or the decode cache after the first epoch) + training steps.</param>
/// <param name="StreamedEpochSamplesPerSecond">The same per epoch: the first decodes Parquet, later ones read the decode cache when it is on.</param>
/// <param name="InMemorySamplesPerSecond">Training steps on the same batches held as tensors, over all epochs.</param>
/// <param name="TrainFlopsPerSample">Multiply-add FLOPs of one training step per user (forward + backward ~ 3x forward).</param>
/// <param name="StreamedUsage">Process CPU time (user, kernel) and page faults of the pass from Parquet (every thread: workers, decoders).</param>
/// <param name="InMemoryUsage">The same for the in-memory pass.</param>
/// <param name="MatmulGflops">fp32 1024 x 1024 matmul rate of the same layout (every worker at once), measured in the same run.</param>
/// <param name="PeakGflops">The machine's fp32 matmul peak the goal refers to (40 % of it).</param>
/// <param name="DecodeCache">Whether the pass from Parquet used the decode cache.</param>
/// <param name="CachedRowGroups">Row groups the pass from Parquet read from the decode cache.</param>
/// <param name="DecodedRowGroups">Row groups the pass from Parquet decoded while the cache was on (not found in it).</param>
public sealed record TrainBenchmarkResult(
    long Rows,
    int Epochs,
    int BatchSize,
    int Threads,
    int Workers,
    double DecodeSamplesPerSecond,
    double StreamedSamplesPerSecond,
    IReadOnlyList<double> StreamedEpochSamplesPerSecond,
    double InMemorySamplesPerSecond,
    double TrainFlopsPerSample,
    ProcessUsage StreamedUsage,
    ProcessUsage InMemoryUsage,
    double MatmulGflops,
    double PeakGflops,
    bool DecodeCache,
    long CachedRowGroups,
    long DecodedRowGroups)
{
    /// <summary>Streamed / in-memory throughput (goal >= 0.8).</summary>
    public double Ratio => StreamedSamplesPerSecond / InMemorySamplesPerSecond;

    public double StreamedGflops => StreamedSamplesPerSecond * TrainFlopsPerSample / 1e9;

    public double InMemoryGflops => InMemorySamplesPerSecond * TrainFlopsPerSample / 1e9;

    /// <summary>In-memory model GFLOP/s as a share of <see cref="PeakGflops"/> (goal >= 0.4).</summary>
    public double PeakShare => InMemoryGflops / PeakGflops;

    /// <summary>Model GFLOP per CPU-second of the in-memory pass: what the step achieves whatever share of the cores it got.</summary>
    public double InMemoryGflopPerCpuSecond => (double)Rows * Epochs * TrainFlopsPerSample / 1e9 / InMemoryUsage.CpuSeconds;

    /// <summary>The same for the pass from Parquet (decoding included).</summary>
    public double StreamedGflopPerCpuSecond => (double)Rows * Epochs * TrainFlopsPerSample / 1e9 / StreamedUsage.CpuSeconds;

    /// <summary>Minor page faults per user per epoch of the pass from Parquet.</summary>
    public double StreamedFaultsPerUser => StreamedUsage.MinorPageFaults / ((double)Rows * Epochs);

    /// <summary>The same for the in-memory pass.</summary>
    public double InMemoryFaultsPerUser => InMemoryUsage.MinorPageFaults / ((double)Rows * Epochs);
}
