using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using CcOrNet.Model.Runtime;

namespace CcOrNet.Model.Distributed;

/// <summary>
/// Runs <see cref="Size"/> data-parallel workers as concurrent tasks of this process, each with an
/// <see cref="ICollective"/> over shared memory. The first worker to fail cancels the others (their pending
/// collectives throw), and <see cref="RunAsync{T}"/> rethrows that failure naming the worker.
/// </summary>
/// <remarks>
/// The workers are threads of one process, so one worker's garbage collection can finalize a temporary Scalar that
/// another worker's Torch call is reading (<see cref="TorchScalarRace"/>). During a pass of <see cref="QuietBetween{T}"/>
/// the group holds the runtime in a no-GC region and renews it only between the phases of a collective, when every
/// worker waits at the barrier and none is inside a Torch call.
/// </remarks>
public sealed class InProcessGroup : IDisposable
{
    private readonly Barrier barrier;
    private readonly CancellationTokenSource failed = new();
    private readonly TimeSpan timeout;
    private readonly Lock failureLock = new();
    private Exception? firstFailure;
    private int firstFailedRank = -1;
    private readonly TorchScalarRace.QuietSteps quiet = new();
    private int quietWorkers;

    private InProcessGroup(int size, TimeSpan timeout)
    {
        Size = size;
        this.timeout = timeout;
        barrier = new Barrier(size, _ => BetweenPhases());
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

    /// <summary>
    /// One worker's pass over <paramref name="steps"/>, in which it calls a collective after every step. The pass starts
    /// at a barrier; from then until the last worker's pass ends, the group's no-GC region is renewed only between
    /// collective phases, on the barrier's last arrival (every other worker waits at the barrier, so none is inside a
    /// Torch call). A worker whose steps ran out early still joins the others' collectives, which keep renewing it.
    /// </summary>
    internal async IAsyncEnumerable<T> QuietBetween<T>(int rank, IAsyncEnumerable<T> steps, [EnumeratorCancellation] CancellationToken ct)
    {
        Interlocked.Increment(ref quietWorkers);
        try
        {
            Wait(rank, "start of a pass");
            await foreach (var step in steps.WithCancellation(ct)) yield return step;
        }
        finally
        {
            // Ending a region never collects, so it is safe at any time; work after the pass then guards itself.
            if (Interlocked.Decrement(ref quietWorkers) == 0) quiet.End();
        }
    }

    private void BetweenPhases()
    {
        if (Volatile.Read(ref quietWorkers) > 0) quiet.BeforeStep();
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
        quiet.Dispose();
        barrier.Dispose();
        failed.Dispose();
    }
}
