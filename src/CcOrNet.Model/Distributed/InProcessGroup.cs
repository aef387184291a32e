using System.Runtime.ExceptionServices;

namespace CcOrNet.Model.Distributed;

/// <summary>
/// Runs <see cref="Size"/> data-parallel workers as concurrent tasks of this process, each with an
/// <see cref="ICollective"/> over shared memory. The first worker to fail cancels the others (their pending
/// collectives throw), and <see cref="RunAsync{T}"/> rethrows that failure naming the worker.
/// </summary>
public sealed class InProcessGroup : IDisposable
{
    private readonly Barrier barrier;
    private readonly CancellationTokenSource failed = new();
    private readonly TimeSpan timeout;
    private readonly Lock failureLock = new();
    private Exception? firstFailure;
    private int firstFailedRank = -1;

    private InProcessGroup(int size, TimeSpan timeout)
    {
        Size = size;
        this.timeout = timeout;
        barrier = new Barrier(size);
        Slots = new object?[size];
    }

    public int Size { get; }

    /// <summary>Each worker's posted buffer during a collective.</summary>
    internal object?[] Slots { get; }

    /// <summary>
    /// Runs <paramref name="worker"/> once per rank and returns the results by rank. A collective that waits longer than
    /// <paramref name="timeout"/> for the others fails (a stalled worker cannot hang the group).
    /// </summary>
    public static async Task<T[]> RunAsync<T>(int size, TimeSpan timeout, Func<ICollective, CancellationToken, Task<T>> worker, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        using var group = new InProcessGroup(size, timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, group.failed.Token);
        // Workers block in collectives; keep enough pool threads that blocked workers never starve the ones (and the
        // batch prefetchers) they are waiting for.
        ThreadPool.GetMinThreads(out int workerThreads, out int ioThreads);
        int needed = 2 * size + Environment.ProcessorCount + 2;
        if (workerThreads < needed) ThreadPool.SetMinThreads(needed, ioThreads);

        var tasks = Enumerable.Range(0, size).Select(rank => Task.Run(async () =>
        {
            try
            {
                return await worker(new InProcessCollective(group, rank), linked.Token);
            }
            catch (Exception e)
            {
                group.Fail(rank, e);
                throw;
            }
        }, CancellationToken.None)).ToArray();
        try
        {
            return await Task.WhenAll(tasks);
        }
        catch when (group.firstFailure is not null && group.firstFailure is not OperationCanceledException)
        {
            throw new InvalidOperationException(
                $"Data-parallel worker {group.firstFailedRank} of {size} failed, so the group stopped: {group.firstFailure.Message}", group.firstFailure);
        }
        catch when (group.firstFailure is not null)
        {
            ExceptionDispatchInfo.Throw(group.firstFailure);
            throw;
        }
    }

    /// <summary>Waits for every worker at a collective phase; throws if the group failed or the wait timed out.</summary>
    internal void Wait(int rank, string operation, TimeSpan? wait = null)
    {
        var limit = wait ?? timeout;
        bool arrived;
        try
        {
            arrived = barrier.SignalAndWait(limit, failed.Token);
        }
        catch (OperationCanceledException) when (failed.IsCancellationRequested)
        {
            throw new OperationCanceledException($"Worker {rank}: {operation} abandoned because worker {firstFailedRank} failed.", failed.Token);
        }
        if (!arrived)
        {
            var error = new TimeoutException(
                $"Worker {rank}: {operation} waited more than {limit.TotalSeconds:F0} s for the other workers; one of them is stalled.");
            Fail(rank, error);
            throw error;
        }
    }

    private void Fail(int rank, Exception error)
    {
        // Cancellations caused by another worker's failure are consequences, not causes.
        if (error is OperationCanceledException && failed.IsCancellationRequested) return;
        lock (failureLock)
        {
            if (firstFailure is not null) return;
            firstFailure = error;
            firstFailedRank = rank;
        }
        failed.Cancel();
    }

    public void Dispose()
    {
        barrier.Dispose();
        failed.Dispose();
    }
}
