using CcOrNet.Model.Data;

namespace CcOrNet.Model.Distributed;

/// <summary>
/// How a features table and a global batch are divided among data-parallel workers: disjoint row groups per worker
/// (whole shard files when there are at least as many files as workers), and a contiguous slice of every global batch.
/// </summary>
public static class DataShards
{
    /// <summary>
    /// The row groups worker <paramref name="rank"/> of <paramref name="size"/> reads: file f goes to worker f mod size
    /// when the table has at least <paramref name="size"/> files (each worker opens only its own files); otherwise row
    /// group i (in table order) goes to worker i mod size.
    /// </summary>
    public static IReadOnlyList<RowGroupRef> RowGroupsOf(FeatureTable table, int rank, int size)
    {
        CheckRank(rank, size);
        if (size == 1) return table.RowGroups;
        int files = table.Manifest.Files.Count;
        return files >= size
            ? table.RowGroups.Where(g => g.File % size == rank).ToArray()
            : table.RowGroups.Where((_, i) => i % size == rank).ToArray();
    }

    /// <summary>Rows worker <paramref name="rank"/> takes from a global batch of <paramref name="globalBatch"/>: its contiguous slice's length.</summary>
    public static int SliceSize(int globalBatch, int rank, int size)
    {
        CheckRank(rank, size);
        return globalBatch / size + (rank < globalBatch % size ? 1 : 0);
    }

    /// <summary>Where worker <paramref name="rank"/>'s slice of a global batch starts.</summary>
    public static int SliceStart(int globalBatch, int rank, int size)
    {
        CheckRank(rank, size);
        return rank * (globalBatch / size) + Math.Min(rank, globalBatch % size);
    }

    private static void CheckRank(int rank, int size)
    {
        if (size < 1 || rank < 0 || rank >= size)
            throw new ArgumentOutOfRangeException(nameof(rank), $"Worker rank must be in 0..{size - 1} for {size} workers, got {rank}.");
    }
}
