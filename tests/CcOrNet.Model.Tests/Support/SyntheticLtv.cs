using CcOrNet.Model.Buckets;
using CcOrNet.Model.Data;

namespace CcOrNet.Model.Tests.Support;

/// <summary>A small LTV task with a learnable signal: payment and spend grow with numeric feature 0 (and 1, and category 0).</summary>
internal static class SyntheticLtv
{
    public static FeatureLayout Layout { get; } = new(NumericCount: 4, CategoricalCardinalities: [5, 7], SequenceChannels: 2, SequenceDays: 14);

    public static FeatureBatch Batch(int users, int seed, bool withLabels = true, double featureScale = 1)
    {
        var random = new Random(seed);
        var layout = Layout;
        var numeric = new float[users * layout.NumericCount];
        var categorical = new long[users * layout.CategoricalCount];
        var sequence = new float[users * layout.SequenceChannels * layout.SequenceDays];
        var label = new float[users];
        for (int u = 0; u < users; u++)
        {
            for (int j = 0; j < layout.NumericCount; j++) numeric[u * layout.NumericCount + j] = (float)(Normal(random) * featureScale);
            for (int j = 0; j < layout.CategoricalCount; j++)
                categorical[u * layout.CategoricalCount + j] = random.Next(layout.CategoricalCardinalities[j]);

            double signal = numeric[u * layout.NumericCount] + 0.5 * numeric[u * layout.NumericCount + 1]
                + 0.3 * (categorical[u * layout.CategoricalCount] - 2);
            double latent = signal + 0.5 * Normal(random);
            for (int d = 0; d < layout.SequenceDays; d++)
            {
                bool active = random.NextDouble() < Sigmoid(latent);
                int offset = u * layout.SequenceChannels * layout.SequenceDays;
                sequence[offset + d] = active ? (float)Math.Log(1 + Math.Exp(1 + latent)) : 0;
                sequence[offset + layout.SequenceDays + d] = active ? random.Next(1, 4) : 0;
            }
            label[u] = latent > 0.3 ? (float)Math.Exp(1 + 1.2 * latent + 0.3 * Normal(random)) : 0;
        }
        return FeatureBatch.FromArrays(layout, numeric, categorical, sequence, withLabels ? label : null);
    }

    public static BucketEdges Edges(FeatureBatch batch) =>
        BucketEdges.FromLabels(Labels(batch).Select(y => (double)y).ToArray());

    public static float[] Labels(FeatureBatch batch) => batch.RequireLabel().data<float>().ToArray();

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
}
