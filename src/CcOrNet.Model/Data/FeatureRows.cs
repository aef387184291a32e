namespace CcOrNet.Model.Data;

/// <summary>
/// Rows of a features table, model-ready and row-major: numerics and sequence already normalised, categoricals as
/// vocabulary indices (0 = out of vocabulary), the label on the raw scale (null without a label).
/// </summary>
/// <remarks>Shapes: Numeric [Count, Fn], Categorical [Count, Fc], Sequence [Count, C, D], Label [Count].</remarks>
public sealed record FeatureRows(int Count, long[] UserIds, float[] Numeric, long[] Categorical, float[] Sequence, float[]? Label)
{
    /// <summary>
    /// Arrays for <paramref name="count"/> rows of <paramref name="layout"/>, not zeroed (tens of MB per row group): for
    /// callers that write every element.
    /// </summary>
    public static FeatureRows Uninitialized(int count, FeatureLayout layout, bool labelled) => new(count,
        GC.AllocateUninitializedArray<long>(count),
        GC.AllocateUninitializedArray<float>(count * layout.NumericCount),
        GC.AllocateUninitializedArray<long>(count * layout.CategoricalCount),
        GC.AllocateUninitializedArray<float>(count * layout.SequenceWidth),
        labelled ? GC.AllocateUninitializedArray<float>(count) : null);

    /// <summary>Whether every array holds exactly <see cref="Count"/> rows of <paramref name="layout"/> (the label, when present, too).</summary>
    public bool Fits(FeatureLayout layout) =>
        UserIds.Length == Count && Numeric.Length == Count * layout.NumericCount && Categorical.Length == Count * layout.CategoricalCount
        && Sequence.Length == Count * layout.SequenceWidth && (Label is null || Label.Length == Count);

    /// <summary>A FeatureBatch (copies the arrays into tensors) for the first <see cref="Count"/> rows.</summary>
    public FeatureBatch ToBatch(FeatureLayout layout) => FeatureBatch.FromArrays(layout, Numeric, Categorical, Sequence, Label);
}
