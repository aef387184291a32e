namespace CcOrNet.Pipeline.Features;

/// <summary>
/// How many passes the feature query takes: each pass aggregates one slice of the users
/// (<see cref="CcOrNet.Engines.Sql.UserSlice"/>), so its aggregation state is a fraction of the whole.
/// </summary>
/// <remarks>
/// Passes are not free (the events are first split by slice, then every pass has its fixed costs,
/// and more passes than shards means merging files), so one pass is taken whenever the estimated
/// state fits the engine's memory limit, else enough passes for one pass's state to fit. The count
/// is a divisor of the shard count when that is enough (each shard then comes from one pass and its
/// file is moved, not rewritten), else a multiple of it.
/// </remarks>
internal static class FeaturePasses
{
    /// <summary>
    /// Bytes of engine memory one user costs per output column during the feature query: the two
    /// aggregates' states, the join of their results and the write buffers. On the generated lake one
    /// pass over 1M users took about 11 without a limit (1.6 GB above the process's own memory, 146
    /// columns); the same pass also completed under a 1 GB limit by spilling (7 bytes of limit per
    /// user of the users table and column), while 10M users in one pass failed at 2 GB (1.4): 10 keeps
    /// one pass where one pass was measured to work (docs/performance.md, "Memory at a lower limit").
    /// </summary>
    public const int BytesPerUserColumn = 10;

    /// <summary>Passes for <paramref name="users"/> users and <paramref name="columns"/> output columns under <paramref name="memoryLimit"/> bytes (null = no limit known: one pass).</summary>
    public static int Choose(long users, int columns, long? memoryLimit, int shards)
    {
        if (memoryLimit is not > 0 || users <= 0) return 1;
        double state = (double)users * columns * BytesPerUserColumn;
        int needed = (int)Math.Clamp(Math.Ceiling(state / memoryLimit.Value), 1, MaxPasses);
        if (needed <= shards)
            return Enumerable.Range(needed, shards - needed + 1).First(p => shards % p == 0);
        return (int)Math.Min((needed + shards - 1) / shards * (long)shards, MaxPasses);
    }

    /// <summary>Upper bound on the passes (also for <see cref="FeaturesOptions.Passes"/>).</summary>
    public const int MaxPasses = 4096;
}
