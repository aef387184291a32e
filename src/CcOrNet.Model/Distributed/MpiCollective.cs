using System.Diagnostics;

namespace CcOrNet.Model.Distributed;

/// <summary>
/// Collectives across processes and hosts through the system Open MPI; start the processes with
/// <c>mpirun -np N ccornet train --dist mpi ...</c>. One instance per process (MPI can be initialised once).
/// </summary>
/// <remarks>
/// Failure handling: errors return codes (MPI_ERRORS_RETURN) and become exceptions; the caller then calls
/// <see cref="Abort"/>, which makes mpirun stop every rank. A killed rank makes mpirun stop the others by itself. A
/// rank stuck in a collective for longer than the timeout (a peer hung without dying) is aborted by a watchdog.
/// </remarks>
public sealed class MpiCollective : ICollective, IDisposable
{
    private readonly MpiLibrary mpi;
    private readonly TimeSpan timeout;
    private readonly Timer watchdog;
    private long operationStarted;
    private TimeSpan operationLimit;
    private string operation = "";
    private int closed;

    private MpiCollective(MpiLibrary mpi, int rank, int size, TimeSpan timeout)
    {
        this.mpi = mpi;
        Rank = rank;
        Size = size;
        this.timeout = timeout;
        watchdog = new Timer(_ => CheckStalled(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    public int Rank { get; }

    public int Size { get; }

    /// <summary>True when Open MPI can be loaded here; otherwise <paramref name="reason"/> says why.</summary>
    public static bool IsAvailable(out string reason) => MpiLibrary.TryLoad(out reason) is not null;

    /// <summary>
    /// Initialises MPI (thread level SERIALIZED: calls may come from any thread, one at a time) and joins
    /// MPI_COMM_WORLD. <paramref name="timeout"/> bounds every collective. Throws <see cref="InvalidOperationException"/>
    /// when Open MPI is missing.
    /// </summary>
    public static MpiCollective Initialize(TimeSpan timeout)
    {
        var mpi = MpiLibrary.TryLoad(out string reason) ?? throw new InvalidOperationException(reason);
        mpi.Check(mpi.Initialized(out int initialized), "MPI_Initialized");
        if (initialized != 0) throw new InvalidOperationException("MPI is already initialised in this process; create one MpiCollective per process.");
        mpi.Check(mpi.InitThread(0, 0, MpiLibrary.ThreadSerialized, out int provided), "MPI_Init_thread");
        mpi.Check(mpi.SetErrhandler(mpi.CommWorld, mpi.ErrorsReturn), "MPI_Comm_set_errhandler");
        if (provided < MpiLibrary.ThreadSerialized)
        {
            mpi.Abort(mpi.CommWorld, 2);
            throw new InvalidOperationException($"Open MPI provides thread level {provided}; training needs {MpiLibrary.ThreadSerialized} (MPI_THREAD_SERIALIZED).");
        }
        mpi.Check(mpi.CommRank(mpi.CommWorld, out int rank), "MPI_Comm_rank");
        mpi.Check(mpi.CommSize(mpi.CommWorld, out int size), "MPI_Comm_size");
        return new MpiCollective(mpi, rank, size, timeout);
    }

    /// <summary>Processes of this job on this host (mpirun sets OMPI_COMM_WORLD_LOCAL_SIZE); 1 when unknown.</summary>
    public static int LocalSize() =>
        int.TryParse(Environment.GetEnvironmentVariable("OMPI_COMM_WORLD_LOCAL_SIZE"), out int local) && local > 0 ? local : 1;

    public void AllReduceSum(float[] values) =>
        Run("MPI_Allreduce", null, () => mpi.AllreduceFloat(MpiLibrary.InPlace, values, values.Length, mpi.Float, mpi.Sum, mpi.CommWorld));

    public void AllReduceSum(double[] values) =>
        Run("MPI_Allreduce", null, () => mpi.AllreduceDouble(MpiLibrary.InPlace, values, values.Length, mpi.Double, mpi.Sum, mpi.CommWorld));

    public void Broadcast(float[] values, int root = 0) =>
        Run("MPI_Bcast", null, () => mpi.BcastFloat(values, values.Length, mpi.Float, root, mpi.CommWorld));

    /// <summary>
    /// A non-blocking barrier polled with short sleeps: a blocking MPI_Barrier busy-polls a core, which a rank waiting
    /// for rank 0's long final phase (calibration, metrics) would take away from it on a shared host.
    /// </summary>
    public void Barrier(TimeSpan? timeout = null) => Run("MPI_Barrier", timeout, () =>
    {
        int code = mpi.Ibarrier(mpi.CommWorld, out nint request);
        int done = 0;
        while (code == MpiLibrary.Success && done == 0)
        {
            code = mpi.Test(ref request, out done, MpiLibrary.StatusIgnore);
            if (done == 0) Thread.Sleep(5);
        }
        return code;
    });

    /// <summary>Writes <paramref name="reason"/> to stderr and ends every rank of the job (MPI_Abort); does not return.</summary>
    public void Abort(string reason, int code = 1)
    {
        Console.Error.WriteLine($"ccornet rank {Rank} of {Size}: aborting the MPI job: {reason}");
        Console.Error.Flush();
        Interlocked.Exchange(ref closed, 1);
        mpi.Abort(mpi.CommWorld, code);
        Environment.Exit(code);
    }

    private void Run(string name, TimeSpan? limit, Func<int> call)
    {
        operation = name;
        operationLimit = limit ?? timeout;
        Volatile.Write(ref operationStarted, Stopwatch.GetTimestamp());
        try
        {
            mpi.Check(call(), $"Rank {Rank} of {Size}: {name}");
        }
        finally
        {
            Volatile.Write(ref operationStarted, 0);
        }
    }

    private void CheckStalled()
    {
        long started = Volatile.Read(ref operationStarted);
        if (started == 0 || operationLimit == Timeout.InfiniteTimeSpan || Volatile.Read(ref closed) != 0) return;
        var waited = Stopwatch.GetElapsedTime(started);
        if (waited > operationLimit)
            Abort($"{operation} waited {waited.TotalSeconds:F0} s (limit {operationLimit.TotalSeconds:F0} s) for the other ranks; one of them is stalled", 3);
    }

    /// <summary>Finalises MPI (every rank must get here, or have been aborted).</summary>
    public void Dispose()
    {
        watchdog.Dispose();
        if (Interlocked.Exchange(ref closed, 1) != 0) return;
        mpi.Check(mpi.Finalized(out int finalized), "MPI_Finalized");
        if (finalized == 0) mpi.Finalize();
    }
}
