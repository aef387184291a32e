using System.Runtime.InteropServices;
using System.Text;

namespace CcOrNet.Model.Distributed;

/// <summary>
/// The system Open MPI (<c>libmpi.so.40</c>, Debian's <c>libopenmpi3</c>) bound at run time, so machines without MPI
/// only fail when MPI is asked for. Open MPI's predefined handles (MPI_COMM_WORLD, MPI_FLOAT, MPI_SUM, ...) are the
/// addresses of exported globals (<c>ompi_mpi_comm_world</c>, ...), and MPI_IN_PLACE is <c>(void*)1</c>; MPICH
/// defines them differently, so this binding is Open MPI only.
/// </summary>
internal sealed class MpiLibrary
{
    public const int Success = 0;
    public const int ThreadSerialized = 2;
    public static readonly nint InPlace = 1;
    public static readonly nint StatusIgnore = 0;
    private static readonly string[] Candidates = ["libmpi.so.40", "libmpi.so"];

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] public delegate int InitThreadFn(nint argc, nint argv, int required, out int provided);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] public delegate int FlagFn(out int flag);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] public delegate int CommIntFn(nint comm, out int value);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] public delegate int AllreduceFloatFn(nint send, [In, Out] float[] receive, int count, nint type, nint op, nint comm);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] public delegate int AllreduceDoubleFn(nint send, [In, Out] double[] receive, int count, nint type, nint op, nint comm);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] public delegate int BcastFloatFn([In, Out] float[] buffer, int count, nint type, int root, nint comm);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] public delegate int CommFn(nint comm);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] public delegate int IbarrierFn(nint comm, out nint request);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] public delegate int TestFn(ref nint request, out int flag, nint status);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] public delegate int AbortFn(nint comm, int code);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] public delegate int SetErrhandlerFn(nint comm, nint handler);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] public delegate int ErrorStringFn(int code, [Out] byte[] text, out int length);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] public delegate int FinalizeFn();

    private MpiLibrary(nint library)
    {
        T Fn<T>(string name) where T : Delegate => Marshal.GetDelegateForFunctionPointer<T>(NativeLibrary.GetExport(library, name));
        InitThread = Fn<InitThreadFn>("MPI_Init_thread");
        Initialized = Fn<FlagFn>("MPI_Initialized");
        Finalized = Fn<FlagFn>("MPI_Finalized");
        CommRank = Fn<CommIntFn>("MPI_Comm_rank");
        CommSize = Fn<CommIntFn>("MPI_Comm_size");
        AllreduceFloat = Fn<AllreduceFloatFn>("MPI_Allreduce");
        AllreduceDouble = Fn<AllreduceDoubleFn>("MPI_Allreduce");
        BcastFloat = Fn<BcastFloatFn>("MPI_Bcast");
        Ibarrier = Fn<IbarrierFn>("MPI_Ibarrier");
        Test = Fn<TestFn>("MPI_Test");
        Abort = Fn<AbortFn>("MPI_Abort");
        SetErrhandler = Fn<SetErrhandlerFn>("MPI_Comm_set_errhandler");
        ErrorString = Fn<ErrorStringFn>("MPI_Error_string");
        Finalize = Fn<FinalizeFn>("MPI_Finalize");
        CommWorld = NativeLibrary.GetExport(library, "ompi_mpi_comm_world");
        Float = NativeLibrary.GetExport(library, "ompi_mpi_float");
        Double = NativeLibrary.GetExport(library, "ompi_mpi_double");
        Sum = NativeLibrary.GetExport(library, "ompi_mpi_op_sum");
        ErrorsReturn = NativeLibrary.GetExport(library, "ompi_mpi_errors_return");
    }

    public InitThreadFn InitThread { get; }
    public FlagFn Initialized { get; }
    public FlagFn Finalized { get; }
    public CommIntFn CommRank { get; }
    public CommIntFn CommSize { get; }
    public AllreduceFloatFn AllreduceFloat { get; }
    public AllreduceDoubleFn AllreduceDouble { get; }
    public BcastFloatFn BcastFloat { get; }
    public IbarrierFn Ibarrier { get; }
    public TestFn Test { get; }
    public AbortFn Abort { get; }
    public SetErrhandlerFn SetErrhandler { get; }
    public ErrorStringFn ErrorString { get; }
    public FinalizeFn Finalize { get; }
    public nint CommWorld { get; }
    public nint Float { get; }
    public nint Double { get; }
    public nint Sum { get; }
    public nint ErrorsReturn { get; }

    /// <summary>Loads Open MPI, or returns null with the reason (not installed, or not Open MPI).</summary>
    public static MpiLibrary? TryLoad(out string reason)
    {
        var errors = new List<string>();
        foreach (string name in Candidates)
        {
            if (!NativeLibrary.TryLoad(name, out nint library))
            {
                errors.Add($"{name}: not found");
                continue;
            }
            try
            {
                reason = "";
                return new MpiLibrary(library);
            }
            catch (EntryPointNotFoundException e)
            {
                errors.Add($"{name}: {e.Message} (an MPI other than Open MPI?)");
            }
        }
        reason = $"Open MPI is not available ({string.Join("; ", errors)}); install it with 'apt-get install openmpi-bin libopenmpi-dev'";
        return null;
    }

    /// <summary>Throws <see cref="IOException"/> with MPI's own message when <paramref name="code"/> is not MPI_SUCCESS.</summary>
    public void Check(int code, string operation)
    {
        if (code == Success) return;
        var text = new byte[512];
        string message = ErrorString(code, text, out int length) == Success ? Encoding.ASCII.GetString(text, 0, Math.Clamp(length, 0, text.Length)) : "unknown error";
        throw new IOException($"{operation} failed with MPI error {code}: {message}");
    }
}
