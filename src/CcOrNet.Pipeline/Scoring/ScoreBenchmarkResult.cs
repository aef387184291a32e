namespace CcOrNet.Pipeline.Scoring;

/// <summary>Figures of <see cref="ScoreBenchmark"/>; speeds in users per second.</summary>
/// <param name="Score">The score job's own result (Parquet in, Parquet partition out).</param>
/// <param name="PeakWorkingSetBytes">The process's peak working set right after scoring (before the other measurements).</param>
/// <param name="Workers">Shards the score job scored at once, and threads of the in-memory inference.</param>
/// <param name="TorchThreads">Torch intra-op threads (per worker).</param>
/// <param name="InferenceRows">Users in the in-memory measurements.</param>
/// <param name="DecodeUsersPerSecond">Parquet -> normalised arrays only, single reader, on the first <paramref name="InferenceRows"/> users.</param>
/// <param name="InferenceUsersPerSecond">model.Predict on batches already held as tensors, <paramref name="Workers"/> threads.</param>
/// <param name="DuckDbCopyUsersPerSecond">DuckDB copying the whole features table Parquet -> Parquet.</param>
/// <param name="ScoreCpuSeconds">Process CPU time (all threads) spent in the score job.</param>
/// <param name="InferenceCpuSeconds">Process CPU time of the in-memory inference.</param>
/// <param name="DuckDbCopyCpuSeconds">Process CPU time of DuckDB's copy.</param>
/// <param name="InferenceFlopsPerUser">Forward FLOPs per user (weights of every linear/conv layer; see ModelThroughput.Flops).</param>
/// <remarks>Users per CPU-second are less sensitive than wall speeds to other work on a shared machine.</remarks>
public sealed record ScoreBenchmarkResult(
    ScoreResult Score,
    long PeakWorkingSetBytes,
    int BatchSize,
    int Workers,
    int TorchThreads,
    int InferenceRows,
    double DecodeUsersPerSecond,
    double InferenceUsersPerSecond,
    double DuckDbCopyUsersPerSecond,
    TimeSpan DuckDbCopyElapsed,
    double ScoreCpuSeconds,
    double InferenceCpuSeconds,
    double DuckDbCopyCpuSeconds,
    double InferenceFlopsPerUser)
{
    /// <summary>Achieved FLOP rate of the in-memory inference, GFLOP per second (wall).</summary>
    public double InferenceGflops => InferenceUsersPerSecond * InferenceFlopsPerUser / 1e9;

    public double ScoreUsersPerCpuSecond => Score.Rows / Math.Max(ScoreCpuSeconds, 1e-9);

    public double InferenceUsersPerCpuSecond => InferenceRows / Math.Max(InferenceCpuSeconds, 1e-9);

    public double DuckDbCopyUsersPerCpuSecond => Score.Rows / Math.Max(DuckDbCopyCpuSeconds, 1e-9);

    public double ScoreUsersPerSecond => Score.UsersPerSecond;

    /// <summary>Score job speed / pure inference speed (1 = I/O fully hidden).</summary>
    public double RatioToInference => ScoreUsersPerSecond / InferenceUsersPerSecond;

    /// <summary>Score job speed / DuckDB copy speed.</summary>
    public double RatioToDuckDbCopy => ScoreUsersPerSecond / DuckDbCopyUsersPerSecond;
}
