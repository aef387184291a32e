using System.Runtime.InteropServices;

namespace CcOrNet.Model.Runtime;

/// <summary>
/// Keeps the memory libtorch frees for its next tensors instead of handing it back to the system.
/// </summary>
/// <remarks>
/// Every training or scoring step allocates and frees the same few megabytes of tensors (inputs, activations,
/// gradients) through glibc's malloc. By default glibc serves blocks above a moving threshold (128 KB at start)
/// with fresh mmap()s and trims the top of its heaps once more than twice that threshold is free, so a step's
/// buffers are unmapped when it ends and the next step's are faulted in and zeroed page by page again. Measured on
/// the 1M-user training bench (docs/performance-train.md, session 6) that cost 1.4-1.5 million page faults and 15 %
/// of the process's CPU in the kernel. <see cref="Configure"/> fixes the thresholds: blocks up to 32 MB (glibc's
/// largest allowed) come from the heap, free heap memory is kept up to 1 GB, and heaps grow 64 MB at a time.
/// Resident memory then stays at the job's peak instead of breathing with each step, which suits a batch job.
/// A no-op off Linux, off glibc, or when the operator set any MALLOC_ tunable in the environment (theirs win).
/// </remarks>
public static class NativeHeap
{
    // glibc's mallopt parameters (malloc.h).
    private const int TrimThreshold = -1, TopPad = -2, MmapThreshold = -3;
    private const int MmapThresholdBytes = 32 << 20, TrimThresholdBytes = 1 << 30, TopPadBytes = 64 << 20;

    private static readonly Lazy<bool> Applied = new(Apply);

    /// <summary>Applies the settings once per process; true when glibc accepted all of them.</summary>
    public static bool Configure() => Applied.Value;

    private static bool Apply()
    {
        if (!OperatingSystem.IsLinux()) return false;
        if (Environment.GetEnvironmentVariables().Keys.Cast<string>().Any(name => name.StartsWith("MALLOC_", StringComparison.Ordinal))) return false;
        try
        {
            return Mallopt(MmapThreshold, MmapThresholdBytes) == 1
                & Mallopt(TrimThreshold, TrimThresholdBytes) == 1
                & Mallopt(TopPad, TopPadBytes) == 1;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int Mallopt(int parameter, int value);
}
