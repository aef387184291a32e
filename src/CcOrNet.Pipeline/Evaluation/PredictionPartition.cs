using CcOrNet.Core.Schema;

namespace CcOrNet.Pipeline.Evaluation;

/// <summary>A committed predictions partition: its folder and Parquet files (only partitions with <c>_SUCCESS</c> are read).</summary>
/// <param name="Directory">The <c>dt=YYYY-MM-DD</c> folder (or any folder holding the part files).</param>
/// <param name="Files">Its Parquet files, in name order.</param>
public sealed record PredictionPartition(string Directory, IReadOnlyList<string> Files)
{
    /// <summary>
    /// The partition at <paramref name="path"/>: the folder itself when it holds Parquet files, else its
    /// <c>dt=</c> subfolder for <paramref name="asOf"/>. Fails when that partition is missing, empty or not committed.
    /// </summary>
    public static PredictionPartition Resolve(string path, DateOnly asOf)
    {
        string folder = Path.GetFullPath(path);
        if (!System.IO.Directory.Exists(folder))
            throw new DirectoryNotFoundException($"Predictions folder '{folder}' does not exist");
        if (PartFiles(folder).Count == 0)
        {
            var partitions = System.IO.Directory.GetDirectories(folder, "dt=*").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
            if (partitions.Count == 0)
                throw new InvalidDataException($"Predictions folder '{folder}' has neither Parquet files nor dt=YYYY-MM-DD partitions");
            string wanted = PredictionColumns.Partition(asOf);
            if (!partitions.Contains(wanted))
                throw new InvalidDataException(
                    $"Predictions table '{folder}' has no partition {wanted} (the labels' as-of date); it has {string.Join(", ", partitions)}");
            folder = Path.Combine(folder, wanted);
        }
        if (!File.Exists(Path.Combine(folder, PredictionColumns.SuccessMarker)))
            throw new InvalidDataException(
                $"Predictions partition '{folder}' has no {PredictionColumns.SuccessMarker} marker: it is not committed (still being written, or its job failed)");
        var files = PartFiles(folder);
        if (files.Count == 0) throw new InvalidDataException($"Predictions partition '{folder}' has no Parquet files");
        return new PredictionPartition(folder, files);
    }

    // Hidden and underscore files (staging leftovers, markers) are not data, as in Hive and Spark.
    private static List<string> PartFiles(string folder) =>
        System.IO.Directory.GetFiles(folder, "*.parquet")
            .Where(f => !Path.GetFileName(f).StartsWith('.') && !Path.GetFileName(f).StartsWith('_'))
            .Order(StringComparer.Ordinal)
            .ToList();
}
