using TorchSharp;

namespace CcOrNet.Model.Models;

/// <summary>Per-user model outputs for B users (the score job's columns), as plain arrays.</summary>
/// <param name="LtvPred">Bucket-consistent value on the raw scale (0 for the zero bucket).</param>
/// <param name="LtvExpected">sum_b p_b * value_b, smoother for ranking.</param>
/// <param name="Bucket">Predicted bucket 0..K-1.</param>
/// <param name="BucketProbabilities">p_b per bucket: BucketProbabilities[b][user], K arrays of B values.</param>
/// <param name="PPayer">E_1 = P(y &gt; t_1).</param>
/// <param name="WhaleScore">E_{K-1} = P(y &gt; t_{K-1}).</param>
public sealed record Predictions(
    float[] LtvPred,
    float[] LtvExpected,
    int[] Bucket,
    float[][] BucketProbabilities,
    float[] PPayer,
    float[] WhaleScore)
{
    public int Count => LtvPred.Length;

    internal static Predictions From(ModelOutputs outputs)
    {
        var exceedance = outputs.Exceedance.contiguous();
        long buckets = outputs.BucketProbabilities.shape[1];
        return new Predictions(
            outputs.LtvPred.contiguous().data<float>().ToArray(),
            outputs.LtvExpected.contiguous().data<float>().ToArray(),
            outputs.Bucket.to_type(torch.ScalarType.Int32).contiguous().data<int>().ToArray(),
            Enumerable.Range(0, (int)buckets)
                .Select(b => outputs.BucketProbabilities.select(1, b).contiguous().data<float>().ToArray())
                .ToArray(),
            exceedance.select(1, 0).contiguous().data<float>().ToArray(),
            exceedance.select(1, exceedance.shape[1] - 1).contiguous().data<float>().ToArray());
    }
}
