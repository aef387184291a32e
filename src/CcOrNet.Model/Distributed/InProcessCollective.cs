using System.Numerics;
using CcOrNet.Model.Runtime;

namespace CcOrNet.Model.Distributed;

/// <summary>
/// One worker's view of an <see cref="InProcessGroup"/>: collectives over shared memory between worker threads.
/// </summary>
/// <remarks>
/// All-reduce in two barrier phases: every worker posts its buffer; then worker r sums slice r across all buffers (in
/// rank order, so the result does not depend on thread timing) and writes it back into every buffer. Slices are
/// disjoint, so no locks are needed; the second barrier keeps a worker from reusing its buffer before all slices are done.
/// </remarks>
internal sealed class InProcessCollective(InProcessGroup group, int rank) : ICollective
{
    public int Rank { get; } = rank;

    public int Size => group.Size;

    public void AllReduceSum(float[] values) => AllReduce(values);

    public void AllReduceSum(double[] values) => AllReduce(values);

    public void Broadcast(float[] values, int root = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(root);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(root, Size);
        var buffers = Post(values);
        if (Rank != root) buffers[root].AsSpan().CopyTo(values);
        group.Wait(Rank, "broadcast");
    }

    public void Barrier(TimeSpan? timeout = null) => group.Wait(Rank, "barrier", timeout);

    /// <summary>
    /// Several workers share this process, so the group times the collections (<see cref="InProcessGroup"/>). A group of
    /// one is alone, and its steps meet no collective (one worker skips the gradient all-reduce), so it guards its own.
    /// </summary>
    public IAsyncEnumerable<T> QuietBetween<T>(IAsyncEnumerable<T> steps, CancellationToken ct = default) =>
        Size == 1 ? TorchScalarRace.QuietBetween(steps, ct) : group.QuietBetween(Rank, steps, ct);

    private void AllReduce<T>(T[] values) where T : struct, INumber<T>
    {
        var buffers = Post(values);
        int start = (int)((long)values.Length * Rank / Size), end = (int)((long)values.Length * (Rank + 1) / Size);
        for (int i = start; i < end; i++)
        {
            T sum = buffers[0][i];
            for (int w = 1; w < buffers.Length; w++) sum += buffers[w][i];
            for (int w = 0; w < buffers.Length; w++) buffers[w][i] = sum;
        }
        group.Wait(Rank, "all-reduce");
    }

    /// <summary>Publishes this worker's buffer and returns everyone's once all have posted (same type and length).</summary>
    private T[][] Post<T>(T[] values)
    {
        group.Slots[Rank] = values;
        group.Wait(Rank, "post");
        var buffers = new T[Size][];
        for (int w = 0; w < Size; w++)
        {
            buffers[w] = group.Slots[w] as T[] ?? throw new InvalidOperationException(
                $"Worker {w} posted a {group.Slots[w]?.GetType().Name ?? "null"} buffer where worker {Rank} posted {typeof(T).Name}[]: the workers' collective calls are out of step.");
            if (buffers[w].Length != values.Length)
                throw new InvalidOperationException(
                    $"Worker {w} posted {buffers[w].Length} values where worker {Rank} posted {values.Length}: the workers' collective calls are out of step.");
        }
        return buffers;
    }
}
