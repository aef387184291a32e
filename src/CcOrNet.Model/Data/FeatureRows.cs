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
        GC.AllocateUninitializedArray<float>(count * layout.SequenceChannels * layout.SequenceDays),
        labelled ? GC.AllocateUninitializedArray<float>(count) : null);

    /// <summary>A FeatureBatch (copies the arrays into tensors) for the first <see cref="Count"/> rows.</summary>
    public FeatureBatch ToBatch(FeatureLayout layout) => FeatureBatch.FromArrays(layout, Numeric, Categorical, Sequence, Label);
}
