namespace CcOrNet.Pipeline.Training;

/// <summary>Training throughput from Parquet vs from tensors already in memory, same model and batches.</summary>
/// <param name="Rows">Users per timed pass.</param>
/// <param name="BatchSize">Rows per step.</param>
/// <param name="Threads">Torch intra-op threads during the run.</param>
/// <param name="DecodeSamplesPerSecond">Parquet -> normalised batches alone (no training), with prefetch.</param>
/// <param name="StreamedSamplesPerSecond">The real train path: streamed Parquet batches + training steps.</param>
/// <param name="InMemorySamplesPerSecond">Training steps on the same batches held as tensors.</param>
/// <param name="TrainFlopsPerSample">Multiply-add FLOPs of one training step per user (forward + backward ~ 3x forward).</param>
public sealed record TrainBenchmarkResult(
    long Rows,
    int BatchSize,
    int Threads,
    double DecodeSamplesPerSecond,
    double StreamedSamplesPerSecond,
    double InMemorySamplesPerSecond,
    double TrainFlopsPerSample)
{
    /// <summary>Streamed / in-memory throughput (goal >= 0.8).</summary>
    public double Ratio => StreamedSamplesPerSecond / InMemorySamplesPerSecond;

    public double StreamedGflops => StreamedSamplesPerSecond * TrainFlopsPerSample / 1e9;

    public double InMemoryGflops => InMemorySamplesPerSecond * TrainFlopsPerSample / 1e9;
}
