using System.Diagnostics;
using System.Reflection;
using System.Runtime;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CcOrNet.Model.Runtime;

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

    /// <summary>
    /// Keeps the garbage collector out of training steps, so none of a step's temporary Scalars can be finalized while
    /// libtorch reads it (the race cannot happen inside a step). It holds the runtime in a no-GC region across steps
    /// and, when the steps have used half of the region's allocation budget, ends it and opens the next one at a step
    /// boundary (<see cref="QuietSteps.BeforeStep"/>): collections still happen about as often as they would, but only
    /// between steps, when no native call is using a Scalar. For one thread running Torch work at a time (a single
    /// training worker): opening a region collects, which would be unsafe while another thread is inside a native call.
    /// Null when a region is already open. A step that outgrows the remaining budget is collected as usual (rare; the
    /// retry paths still cover it).
    /// </summary>
    public static QuietSteps? GuardSteps() => GCSettings.LatencyMode == GCLatencyMode.NoGCRegion ? null : new QuietSteps();

    /// <summary>
    /// <paramref name="items"/> with <see cref="GuardSteps"/> around each one: for a pass where one thread runs Torch work on
    /// each item while another decodes the next (the batch streams' producers allocate and so trigger collections). The
    /// region ends when the enumeration does.
    /// </summary>
    public static IEnumerable<T> QuietBetween<T>(IEnumerable<T> items)
    {
        using var quiet = GuardSteps();
        foreach (var item in items)
        {
            quiet?.BeforeStep();
            yield return item;
        }
    }

    /// <inheritdoc cref="QuietBetween{T}(IEnumerable{T})"/>
    public static async IAsyncEnumerable<T> QuietBetween<T>(IAsyncEnumerable<T> items, [EnumeratorCancellation] CancellationToken ct = default)
    {
        using var quiet = GuardSteps();
        await foreach (var item in items.WithCancellation(ct))
        {
            quiet?.BeforeStep();
            yield return item;
        }
    }

    /// <summary>
    /// See <see cref="GuardSteps"/>; dispose to end the region before other work. Not thread-safe: whoever renews it
    /// must be the only thread running Torch work at that moment (or every other one must be waiting, as in
    /// <see cref="Distributed.InProcessGroup"/>'s collectives).
    /// </summary>
    public sealed class QuietSteps : IDisposable
    {
        /// <summary>Managed bytes (every thread, the batch producer's decoding included) a region may take.</summary>
        public const long Budget = 128L << 20;

        private long openedAt;
        private bool open;

        /// <summary>Regions opened so far (each one collected first).</summary>
        public int Regions { get; private set; }

        /// <summary>Call before each step: keeps the open region, or opens a new one when half its budget is used.</summary>
        public void BeforeStep()
        {
            if (open && GCSettings.LatencyMode == GCLatencyMode.NoGCRegion && GC.GetTotalAllocatedBytes() - openedAt < Budget / 2) return;
            End();
            try
            {
                open = GC.TryStartNoGCRegion(Budget);
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentOutOfRangeException)
            {
                open = false;
            }
            if (open) Regions++;
            openedAt = GC.GetTotalAllocatedBytes();
        }

        public void Dispose() => End();

        /// <summary>Ends the open region, if any; the next <see cref="BeforeStep"/> opens a new one.</summary>
        public void End()
        {
            if (open && GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
            {
                try
                {
                    GC.EndNoGCRegion();
                }
                catch (InvalidOperationException)
                {
                    // The steps outgrew the budget and the runtime collected: the region had ended already.
                }
            }
            open = false;
        }
    }

    /// <summary>The error's first line, for a log message (libtorch appends a long native stack).</summary>
    public static string FirstLine(Exception error) => error.Message.Split('\n')[0];

    /// <summary>
    /// The first line and where it was thrown, for a log message: the innermost method of our code on the managed stack
    /// and the TorchSharp call it was making, e.g. "... (in ResidualBlock.forward, calling Tensor.add)". The race can
    /// strike in any call that makes a temporary Scalar, so the place is what tells one occurrence from another.
    /// </summary>
    public static string Describe(Exception error)
    {
        string? torchCall = null;
        foreach (var frame in new StackTrace(error, fNeedFileInfo: false).GetFrames())
        {
            if (frame.GetMethod() is not { DeclaringType: { } type } method) continue;
            string name = MethodName(type, method);
            if (type.Namespace?.StartsWith("CcOrNet", StringComparison.Ordinal) == true)
                return $"{FirstLine(error)} (in {name}{(torchCall is null ? "" : $", calling {torchCall}")})";
            if (type.Namespace?.StartsWith("TorchSharp", StringComparison.Ordinal) == true)
                torchCall = name;
        }
        return FirstLine(error);
    }

    /// <summary>Type.Method, with an async or iterator state machine shown as the method that owns it.</summary>
    private static string MethodName(Type type, MethodBase method) =>
        type.Name.StartsWith('<') && type.DeclaringType is { } owner
            ? $"{owner.Name}.{type.Name[1..type.Name.IndexOf('>')]}"
            : $"{type.Name}.{method.Name}";
}
