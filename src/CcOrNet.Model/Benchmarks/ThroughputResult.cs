namespace CcOrNet.Model.Benchmarks;

/// <summary>Measured speed of one model configuration on this machine.</summary>
/// <param name="TrainSamplesPerSecond">Users per second through forward + backward + Adam step.</param>
/// <param name="InferenceSamplesPerSecond">Users per second through <c>Predict</c> (all outputs, copied to arrays).</param>
/// <param name="ForwardFlopsPerSample">Multiply-adds x 2 of one inference forward pass per user (matmuls and convolutions only).</param>
/// <param name="TrainFlopsPerSample">Estimated training FLOPs per user: 3 x the training forward (forward + two backward matmuls).</param>
/// <param name="Threads">Torch intra-op threads used.</param>
public sealed record ThroughputResult(
    double TrainSamplesPerSecond,
    double InferenceSamplesPerSecond,
    double ForwardFlopsPerSample,
    double TrainFlopsPerSample,
    int Threads)
{
    /// <summary>Achieved model GFLOP/s during training.</summary>
    public double TrainGflops => TrainSamplesPerSecond * TrainFlopsPerSample / 1e9;

    /// <summary>Achieved model GFLOP/s during inference.</summary>
    public double InferenceGflops => InferenceSamplesPerSecond * ForwardFlopsPerSample / 1e9;
}
