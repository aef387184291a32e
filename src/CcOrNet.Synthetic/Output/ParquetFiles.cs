using Parquet;

namespace CcOrNet.Synthetic.Output;

/// <summary>What the generator's Parquet files have in common: options, file creation, time conversion.</summary>
internal static class ParquetFiles
{
    /// <remarks>
    /// Parquet.Net pools its page streams; without a bound the pool keeps every stream it ever made,
    /// which grows memory with the number of row groups written.
    /// </remarks>
    public static readonly ParquetOptions WriteOptions = new()
    {
        CompressionMethod = CompressionMethod.Snappy,
        MaximumSmallPoolFreeBytes = 16 << 20,
        MaximumLargePoolFreeBytes = 64 << 20,
    };

    /// <summary>Shard file name: <c>part-00000.parquet</c>.</summary>
    public static string PartName(int shard) => $"part-{shard:D5}.parquet";

    public static Stream CreateFile(string path) =>
        new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 20);

    /// <summary>Days since the history start to a UTC timestamp, truncated to whole seconds.</summary>
    public static DateTime ToUtc(double day) =>
        LakeCalendar.HistoryStartUtc.AddTicks((long)Math.Floor(day * 86_400) * TimeSpan.TicksPerSecond);
}
