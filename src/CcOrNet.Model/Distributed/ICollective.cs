using CcOrNet.Model.Runtime;

namespace CcOrNet.Model.Distributed;

/// <summary>
/// The collective operations data-parallel training needs, over a fixed group of <see cref="Size"/> workers. Every
/// worker must make the same calls in the same order with buffers of the same length; a worker that fails or stalls
/// makes the others fail (never hang) within the collective's timeout.
/// </summary>
public interface ICollective
{
    /// <summary>This worker's index, 0..Size-1; rank 0 writes checkpoints and the bundle.</summary>
    int Rank { get; }

    /// <summary>Number of workers.</summary>
    int Size { get; }

    /// <summary>Replaces <paramref name="values"/> on every worker with the element-wise sum over all workers.</summary>
    void AllReduceSum(float[] values);

    /// <inheritdoc cref="AllReduceSum(float[])"/>
    void AllReduceSum(double[] values);

    /// <summary>Copies <paramref name="root"/>'s <paramref name="values"/> into every other worker's buffer.</summary>
    void Broadcast(float[] values, int root = 0);

    /// <summary>
    /// Returns when every worker has reached it. <paramref name="timeout"/> null = the collective's own timeout;
    /// <see cref="Timeout.InfiniteTimeSpan"/> = wait as long as it takes (still ended by a failing worker).
    /// </summary>
    void Barrier(TimeSpan? timeout = null);

    /// <summary>
    /// <paramref name="steps"/>, with garbage collections kept out of this worker's Torch calls while it works on each
    /// step (<see cref="TorchScalarRace"/>), for a pass in which every worker calls a collective after every step. By
    /// default this worker is the only one in its process, so collections wait for its own step boundaries
    /// (<see cref="TorchScalarRace.QuietBetween{T}(IAsyncEnumerable{T}, CancellationToken)"/>).
    /// </summary>
    IAsyncEnumerable<T> QuietBetween<T>(IAsyncEnumerable<T> steps, CancellationToken ct = default) => TorchScalarRace.QuietBetween(steps, ct);
}
