using TorchSharp;
using static TorchSharp.torch;

namespace CcOrNet.Model.Data;

/// <summary>A batch of B users' model inputs as CPU tensors; owns and disposes them.</summary>
/// <remarks>
/// Shapes: <see cref="Numeric"/> [B, Fn] float32 (normalised); <see cref="Categorical"/> [B, Fc] int64
/// (vocabulary indices, 0 = out of vocabulary); <see cref="Sequence"/> [B, C, D] float32 (C channels over
/// D days, oldest first); <see cref="Label"/> [B] float32, ltv >= 0 on the raw scale, absent at inference.
/// </remarks>
public sealed class FeatureBatch : IDisposable
{
    public FeatureBatch(Tensor numeric, Tensor categorical, Tensor sequence, Tensor? label = null)
    {
        Numeric = numeric;
        Categorical = categorical;
        Sequence = sequence;
        Label = label;
    }

    public Tensor Numeric { get; }
    public Tensor Categorical { get; }
    public Tensor Sequence { get; }
    public Tensor? Label { get; }

    /// <summary>B, users in the batch.</summary>
    public int Count => (int)Numeric.shape[0];

    /// <summary>The label, or an error saying the batch has none (training needs labels).</summary>
    public Tensor RequireLabel() =>
        Label ?? throw new InvalidOperationException($"This batch of {Count} users has no Label tensor; training and loss need labels.");

    /// <summary>Builds a batch from row-major arrays (user by user).</summary>
    public static FeatureBatch FromArrays(FeatureLayout layout, float[] numeric, long[] categorical, float[] sequence, float[]? label = null)
    {
        int count = numeric.Length / Math.Max(layout.NumericCount, 1);
        var errors = new List<string>();
        if (numeric.Length != count * layout.NumericCount)
            errors.Add($"numeric has {numeric.Length} values, not a multiple of NumericCount {layout.NumericCount}");
        if (categorical.Length != count * layout.CategoricalCount)
            errors.Add($"categorical has {categorical.Length} values, expected {count} users x {layout.CategoricalCount}");
        long sequenceLength = (long)count * layout.SequenceChannels * layout.SequenceDays;
        if (sequence.Length != sequenceLength)
            errors.Add($"sequence has {sequence.Length} values, expected {count} x {layout.SequenceChannels} x {layout.SequenceDays}");
        if (label is not null && label.Length != count)
            errors.Add($"label has {label.Length} values, expected {count}");
        if (errors.Count > 0) throw new ArgumentException("FeatureBatch.FromArrays: " + string.Join("; ", errors));

        return new FeatureBatch(
            Copy<float>(numeric, [count, layout.NumericCount], ScalarType.Float32),
            Copy<long>(categorical, [count, layout.CategoricalCount], ScalarType.Int64),
            Copy<float>(sequence, [count, layout.SequenceChannels, layout.SequenceDays], ScalarType.Float32),
            label is null ? null : Copy<float>(label, [count], ScalarType.Float32));
    }

    /// <summary>
    /// A new tensor with a copy of <paramref name="values"/>. Not torch.tensor(array): that clones the array on the managed
    /// heap and pins the clone as the tensor's storage, a fresh large-object allocation per tensor and step whose pages
    /// the kernel faults in again every time; this copies once into memory from libtorch's allocator, which reuses it.
    /// </summary>
    private static Tensor Copy<T>(T[] values, long[] shape, ScalarType dtype) where T : unmanaged
    {
        var tensor = torch.empty(shape, dtype);
        if (values.Length > 0) System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).CopyTo(tensor.bytes);
        return tensor;
    }

    /// <summary>Checks shapes and dtypes against the layout; one message with every mismatch.</summary>
    public void Validate(FeatureLayout layout)
    {
        var errors = new List<string>();
        long b = Numeric.shape[0];
        Check(errors, "Numeric", Numeric, ScalarType.Float32, [b, layout.NumericCount]);
        Check(errors, "Categorical", Categorical, ScalarType.Int64, [b, layout.CategoricalCount]);
        Check(errors, "Sequence", Sequence, ScalarType.Float32, [b, layout.SequenceChannels, layout.SequenceDays]);
        if (Label is not null) Check(errors, "Label", Label, ScalarType.Float32, [b]);
        if (errors.Count > 0) throw new ArgumentException("FeatureBatch does not match the feature layout: " + string.Join("; ", errors));
    }

    /// <summary>Rows [start, start + length) as a new batch of views (no copy).</summary>
    public FeatureBatch Slice(int start, int length) => new(
        Numeric.narrow(0, start, length),
        Categorical.narrow(0, start, length),
        Sequence.narrow(0, start, length),
        Label?.narrow(0, start, length));

    /// <summary>Consecutive batches of at most <paramref name="batchSize"/> rows (views into this batch).</summary>
    public List<FeatureBatch> Split(int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var batches = new List<FeatureBatch>();
        for (int start = 0; start < Count; start += batchSize)
            batches.Add(Slice(start, Math.Min(batchSize, Count - start)));
        return batches;
    }

    public void Dispose()
    {
        Numeric.Dispose();
        Categorical.Dispose();
        Sequence.Dispose();
        Label?.Dispose();
    }

    private static void Check(List<string> errors, string name, Tensor tensor, ScalarType dtype, long[] shape)
    {
        if (tensor.dtype != dtype) errors.Add($"{name} dtype expected {dtype}, actual {tensor.dtype}");
        if (!tensor.shape.SequenceEqual(shape))
            errors.Add($"{name} shape expected [{string.Join(", ", shape)}], actual [{string.Join(", ", tensor.shape)}]");
    }
}
