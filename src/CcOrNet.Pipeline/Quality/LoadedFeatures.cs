using CcOrNet.Model.Data;

namespace CcOrNet.Pipeline.Quality;

/// <summary>
/// A features table in memory, normalised for the model: row-major arrays plus the raw label and the raw
/// past-spend column (the "rank by past spend" heuristic's prediction).
/// </summary>
/// <param name="Layout">Shape of the model inputs.</param>
/// <param name="UserIds">user_id per row.</param>
/// <param name="Numeric">[rows x Fn] normalised numeric features.</param>
/// <param name="Categorical">[rows x Fc] vocabulary indices (0 = out of vocabulary).</param>
/// <param name="Sequence">[rows x C x D] normalised daily sequence.</param>
/// <param name="Label">ltv per row (raw scale).</param>
/// <param name="PastSpend">The past-spend feature per row, unnormalised.</param>
internal sealed record LoadedFeatures(
    FeatureLayout Layout,
    long[] UserIds,
    float[] Numeric,
    long[] Categorical,
    float[] Sequence,
    double[] Label,
    double[] PastSpend)
{
    public int Count => UserIds.Length;

    /// <summary>The rows in a seeded random order (training batches then mix users of every id range and cohort).</summary>
    public LoadedFeatures Shuffled(int seed)
    {
        var order = Enumerable.Range(0, Count).ToArray();
        new Random(seed).Shuffle(order);
        return new LoadedFeatures(Layout,
            Gather(UserIds, order, 1),
            Gather(Numeric, order, Layout.NumericCount),
            Gather(Categorical, order, Layout.CategoricalCount),
            Gather(Sequence, order, Layout.SequenceChannels * Layout.SequenceDays),
            Gather(Label, order, 1),
            Gather(PastSpend, order, 1));
    }

    private static T[] Gather<T>(T[] source, int[] order, int width)
    {
        var target = new T[source.Length];
        for (int i = 0; i < order.Length; i++)
            Array.Copy(source, (long)order[i] * width, target, (long)i * width, width);
        return target;
    }

    /// <summary>All rows as one labelled batch (the caller disposes it; <see cref="FeatureBatch.Split"/> gives views).</summary>
    public FeatureBatch ToBatch() =>
        FeatureBatch.FromArrays(Layout, Numeric, Categorical, Sequence, Label.Select(y => (float)y).ToArray());
}
