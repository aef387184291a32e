using CcOrNet.Lake.Predictions;
using CcOrNet.Model.Data;

namespace CcOrNet.Pipeline.Scoring;

/// <summary>Counts over the users scored from one shard (kept per attempt, so a retried shard is not counted twice).</summary>
internal sealed class ShardTally(int buckets, int numericFeatures, int categoricalFeatures)
{
    public long Rows { get; private set; }
    public long[] BucketCounts { get; } = new long[buckets];
    public double SumLtvExpected { get; private set; }

    /// <summary>Per numeric feature, the sum of its normalised values (for the mean shift against training, <see cref="ScoreDrift"/>).</summary>
    public double[] NumericSums { get; } = new double[numericFeatures];

    /// <summary>Per categorical feature, the users whose value is out of the vocabulary.</summary>
    public OutOfVocabularyCounts OutOfVocabulary { get; } = new(categoricalFeatures);

    public void Add(FeatureRows rows, PredictionBatch predictions)
    {
        Rows += predictions.Count;
        foreach (int b in predictions.Bucket) BucketCounts[b]++;
        foreach (float v in predictions.LtvExpected) SumLtvExpected += v;
        int features = NumericSums.Length;
        for (int row = 0, at = 0; row < rows.Count; row++)
            for (int f = 0; f < features; f++, at++)
                NumericSums[f] += rows.Numeric[at];
        OutOfVocabulary.Add(rows);
    }

    public void AddTo(ShardTally total)
    {
        total.Rows += Rows;
        for (int b = 0; b < BucketCounts.Length; b++) total.BucketCounts[b] += BucketCounts[b];
        total.SumLtvExpected += SumLtvExpected;
        for (int f = 0; f < NumericSums.Length; f++) total.NumericSums[f] += NumericSums[f];
        OutOfVocabulary.AddTo(total.OutOfVocabulary);
    }
}
