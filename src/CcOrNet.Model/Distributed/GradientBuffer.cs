using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CcOrNet.Model.Distributed;

/// <summary>
/// One flat, reusable float buffer for a step's all-reduce: every parameter's gradient times the worker's row count,
/// then one "has a gradient" flag per parameter, the row count and the loss times the row count. After the sum,
/// dividing by the total row count gives the global batch's mean gradient, whatever each worker's share.
/// </summary>
/// <remarks>
/// The flags keep a parameter that no worker used in this step (e.g. the whale head on a batch without whales)
/// without a gradient, so Adam skips it exactly as it would for one worker with the whole batch.
/// </remarks>
internal sealed class GradientBuffer
{
    private readonly IReadOnlyList<Parameter> parameters;
    private readonly long[] offsets;
    private readonly int flagsAt, rowsAt, lossAt;

    public GradientBuffer(IReadOnlyList<Parameter> parameters)
    {
        this.parameters = parameters;
        offsets = new long[parameters.Count];
        long total = 0;
        for (int p = 0; p < parameters.Count; p++)
        {
            offsets[p] = total;
            total += parameters[p].numel();
        }
        ParameterValues = checked((int)total);
        flagsAt = ParameterValues;
        rowsAt = flagsAt + parameters.Count;
        lossAt = rowsAt + 1;
        Values = new float[lossAt + 1];
    }

    /// <summary>The buffer to all-reduce.</summary>
    public float[] Values { get; }

    /// <summary>Number of parameter values (the model size).</summary>
    public int ParameterValues { get; }

    /// <summary>Rows of the step over all workers (after the all-reduce).</summary>
    public long Rows => (long)Values[rowsAt];

    /// <summary>Sum over all workers of loss times rows (after the all-reduce).</summary>
    public double LossSum => Values[lossAt];

    /// <summary>Copies this worker's gradients, weighted by its <paramref name="rows"/>, into the buffer.</summary>
    public void Gather(int rows, float loss)
    {
        Array.Clear(Values);
        for (int p = 0; p < parameters.Count; p++)
        {
            using var grad = parameters[p].grad;
            if (grad is null || rows == 0) continue;
            // Disposed at once: an undisposed view would keep this step's gradient alive until its finalizer runs,
            // which inside a no-GC region (TorchScalarRace) means until the region ends, and memory piles up.
            using var dense = grad.contiguous();
            dense.data<float>().CopyTo(Values, (int)offsets[p]);
            Values[flagsAt + p] = 1;
        }
        Scale(0, flagsAt, rows);
        Values[rowsAt] = rows;
        Values[lossAt] = loss * rows;
    }

    /// <summary>Writes the summed gradients divided by the total rows back as every parameter's gradient.</summary>
    public void Scatter()
    {
        long rows = Rows;
        if (rows <= 0) throw new InvalidOperationException($"No rows in the step after the all-reduce (got {rows}).");
        Scale(0, flagsAt, 1f / rows);
        using var noGrad = no_grad();
        for (int p = 0; p < parameters.Count; p++)
        {
            if (Values[flagsAt + p] == 0) continue;
            var parameter = parameters[p];
            var grad = parameter.grad;
            if (grad is null)
            {
                // Another worker used this parameter in this step; this one did not.
                parameter.grad = zeros_like(parameter);
                grad = parameter.grad!;
            }
            using (grad) grad.data<float>().CopyFrom(Values, (int)offsets[p]);
        }
    }

    /// <summary>Copies the parameters' values into <paramref name="values"/> (length <see cref="ParameterValues"/>).</summary>
    public void ReadParameters(float[] values)
    {
        using var scope = NewDisposeScope();
        for (int p = 0; p < parameters.Count; p++)
            parameters[p].contiguous().data<float>().CopyTo(values, (int)offsets[p]);
    }

    /// <summary>Overwrites the parameters' values from <paramref name="values"/>.</summary>
    public void WriteParameters(float[] values)
    {
        using var noGrad = no_grad();
        for (int p = 0; p < parameters.Count; p++)
            parameters[p].data<float>().CopyFrom(values, (int)offsets[p]);
    }

    private void Scale(int start, int end, float factor)
    {
        if (factor == 1) return;
        var span = Values.AsSpan(start, end - start);
        var vectors = System.Runtime.InteropServices.MemoryMarshal.Cast<float, System.Numerics.Vector<float>>(span);
        for (int i = 0; i < vectors.Length; i++) vectors[i] *= factor;
        for (int i = vectors.Length * System.Numerics.Vector<float>.Count; i < span.Length; i++) span[i] *= factor;
    }
}
