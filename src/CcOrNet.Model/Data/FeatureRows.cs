namespace CcOrNet.Model.Data;

/// <summary>
/// Rows of a features table, model-ready and row-major: numerics and sequence already normalised, categoricals as
/// vocabulary indices (0 = out of vocabulary), the label on the raw scale (null without a label).
/// </summary>
/// <remarks>Shapes: Numeric [Count, Fn], Categorical [Count, Fc], Sequence [Count, C, D], Label [Count].</remarks>
public sealed record FeatureRows(int Count, long[] UserIds, float[] Numeric, long[] Categorical, float[] Sequence, float[]? Label)
{
    /// <summary>A FeatureBatch (copies the arrays into tensors) for the first <see cref="Count"/> rows.</summary>
    public FeatureBatch ToBatch(FeatureLayout layout) => FeatureBatch.FromArrays(layout, Numeric, Categorical, Sequence, Label);
}
