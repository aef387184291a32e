using System.Runtime.InteropServices;

namespace CcOrNet.Model.Training;

/// <summary>
/// Recognises TorchSharp 0.107's transient native failure: a temporary <c>Scalar</c> finalized by the garbage collector
/// while libtorch still reads it, docs/training.md, known problems. It shows as a check failing inside one of the
/// accessors of c10/core/Scalar.h, whichever the freed memory trips: "Expected false to be true ... toFloat" or
/// "... toDouble", or "Unknown scalar type" (the tag itself garbage, seen in a <c>pow</c> with a scalar exponent). The
/// same computation run again succeeds, so callers retry it from a saved state; every other failure is real.
/// </summary>
public static class TorchScalarRace
{
    /// <summary>
    /// True for the freed-Scalar errors only: TorchSharp throws them as an <see cref="ExternalException"/> raised from
    /// c10/core/Scalar.h (a live Scalar never fails its own accessors).
    /// </summary>
    public static bool IsTransient(Exception error) =>
        error is ExternalException && error.Message.Contains("c10/core/Scalar.h", StringComparison.Ordinal);

    /// <summary>
    /// Call before running the failed work again: collects and finalizes every pending temporary now. A rerun from the
    /// same seed allocates exactly as the failed attempt did, so the collections (and the finalizer that frees the
    /// Scalar) would fall on the same native call again; starting from an empty heap moves them elsewhere. Seen before
    /// this: the same quality-bench run failing three times in a row within four seconds.
    /// </summary>
    public static void PrepareRetry()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    /// <summary>The error's first line, for a log message (libtorch appends a long native stack).</summary>
    public static string FirstLine(Exception error) => error.Message.Split('\n')[0];
}
