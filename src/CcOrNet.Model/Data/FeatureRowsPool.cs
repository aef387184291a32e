namespace CcOrNet.Model.Data;

/// <summary>
/// Row arrays handed back after use and lent out again (<see cref="BatchStreamOptions.Buffers"/>), so a training job
/// allocates its decoded row groups and batches once instead of every epoch and every step.
/// </summary>
/// <remarks>
/// Why: each streamed user's row was allocated twice per epoch (in its decoded row group and in its batch), as
/// arrays of megabytes on the large object heap. The runtime gives such memory back to the system after a
/// collection and takes fresh pages for the next arrays, so every byte was faulted in and zeroed by the kernel
/// again: 0.3 page faults per user and a fifth of the streamed pass's CPU in the kernel (docs/performance-train.md,
/// session 6). Arrays are kept by exact row count and label presence (row groups of a table and full batches repeat
/// the same few sizes), so a lent <see cref="FeatureRows"/> always has arrays of exactly its <c>Count</c> rows.
/// The pool holds only what was returned: at most the largest number of buffers its streams had in flight at once.
/// Thread-safe: a stream's decoder, batcher and consumer rent and return from their own threads.
/// </remarks>
public sealed class FeatureRowsPool
{
    private readonly FeatureLayout layout;
    private readonly Dictionary<(int Count, bool Labelled), Stack<FeatureRows>> free = [];
    private readonly Lock gate = new();
    private long reused, allocated;

    public FeatureRowsPool(FeatureLayout layout) => this.layout = layout;

    /// <summary>Whether rows of <paramref name="other"/> have this pool's array widths (vocabulary sizes do not matter).</summary>
    public bool Fits(FeatureLayout other) =>
        other.NumericCount == layout.NumericCount && other.CategoricalCount == layout.CategoricalCount
        && other.SequenceWidth == layout.SequenceWidth;

    /// <summary>Buffers lent out again, cumulative.</summary>
    public long Reused => Interlocked.Read(ref reused);

    /// <summary>Buffers allocated because none of the size was free, cumulative.</summary>
    public long Allocated => Interlocked.Read(ref allocated);

    /// <summary>Arrays for <paramref name="count"/> rows, not zeroed (a returned buffer keeps its old values): for callers that write every element.</summary>
    public FeatureRows Rent(int count, bool labelled)
    {
        lock (gate)
        {
            if (free.TryGetValue((count, labelled), out var stack) && stack.TryPop(out var rows))
            {
                reused++;
                return rows;
            }
            allocated++;
        }
        return FeatureRows.Uninitialized(count, layout, labelled);
    }

    /// <summary>Takes <paramref name="rows"/> back; the caller must not touch its arrays afterwards.</summary>
    public void Return(FeatureRows rows)
    {
        if (!rows.Fits(layout))
            throw new ArgumentException($"Rows returned to the pool do not have arrays of exactly {rows.Count} rows of its layout", nameof(rows));
        lock (gate)
        {
            var key = (rows.Count, rows.Label is not null);
            if (!free.TryGetValue(key, out var stack)) free[key] = stack = new Stack<FeatureRows>();
            stack.Push(rows);
        }
    }
}
