using Parquet;

namespace CcOrNet.Synthetic.Output;

/// <summary>What the generator's Parquet files have in common: options, file creation, time conversion.</summary>
internal static class ParquetFiles
{
    public static readonly ParquetOptions WriteOptions = new() { CompressionMethod = CompressionMethod.Snappy };

    /// <summary>Shard file name: <c>part-00000.parquet</c>.</summary>
    public static string PartName(int shard) => $"part-{shard:D5}.parquet";

    public static Stream CreateFile(string path) =>
        new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 20);

    /// <summary>Days since the history start to a UTC timestamp, truncated to whole seconds.</summary>
    public static DateTime ToUtc(double day) =>
        LakeCalendar.HistoryStartUtc.AddTicks((long)Math.Floor(day * 86_400) * TimeSpan.TicksPerSecond);
}
