using CcOrNet.Model.Buckets;
using CcOrNet.Model.Options;
using TorchSharp;
using static TorchSharp.torch;

namespace CcOrNet.Model.Losses;

/// <summary>Exceedance, bucket probabilities and bucket assignment; every tensor is [B, ...] on the caller's scope.</summary>
internal static class CascadeMath
{
    /// <summary>E_k = s_1 * ... * s_k from cascade logits [B, K-1]; never increases with k.</summary>
    public static Tensor Exceedance(Tensor logits) => torch.cumprod(torch.sigmoid(logits), 1);

    /// <summary>
    /// p [B, K] from cascade logits: p_0 = 1 - s_1, p_k = E_k (1 - s_{k+1}), p_{K-1} = E_{K-1}.
    /// Written as products of numbers in [0, 1] so no p_k can round below zero.
    /// </summary>
    public static Tensor BucketProbabilities(Tensor logits)
    {
        long b = logits.shape[0];
        var exceedance = Exceedance(logits);
        var reached = torch.cat([torch.ones(b, 1), exceedance], 1);
        var stop = torch.cat([torch.sigmoid(-logits), torch.ones(b, 1)], 1);
        return reached * stop;
    }

    /// <summary>p [B, K] from any exceedance curve E [B, K-1] (non-increasing): p_k = E_k - E_{k+1} with E_0 = 1, E_K = 0.</summary>
    public static Tensor BucketProbabilitiesFromExceedance(Tensor exceedance)
    {
        long b = exceedance.shape[0];
        var upper = torch.cat([torch.ones(b, 1), exceedance], 1);
        var lower = torch.cat([exceedance, torch.zeros(b, 1)], 1);
        return (upper - lower).clamp_min(0);
    }

    /// <summary>Bucket b(y) [B] int64 of raw-scale values: the number of edges strictly below each value.</summary>
    public static Tensor BucketOf(Tensor values, BucketEdges buckets) =>
        torch.bucketize(values, EdgesTensor(buckets), right: false);

    /// <summary>Predicted bucket [B] int64 by the configured rule.</summary>
    public static Tensor PredictedBucket(Tensor probabilities, Tensor exceedance, BucketRule rule, Tensor? thresholds = null, Tensor? expectedValue = null) => rule switch
    {
        BucketRule.Exceedance => (exceedance >= 0.5).sum(1),
        BucketRule.Calibrated => HighestReached(exceedance, thresholds ?? torch.full(exceedance.shape[1], 0.5f)),
        BucketRule.ExpectedValue => HighestReached(
            (expectedValue ?? throw new ArgumentNullException(nameof(expectedValue), "The ExpectedValue rule needs ltv_expected")).unsqueeze(1).expand(-1, exceedance.shape[1]),
            thresholds ?? throw new ArgumentNullException(nameof(thresholds), "The ExpectedValue rule needs its thresholds")),
        _ => probabilities.argmax(1),
    };

    /// <summary>Per user, the highest k (1-based) with E_k >= tau_k, or 0: [B, K-1] x [K-1] -> [B] int64.</summary>
    private static Tensor HighestReached(Tensor exceedance, Tensor thresholds)
    {
        var k = torch.arange(1, exceedance.shape[1] + 1, dtype: ScalarType.Int64);
        return ((exceedance >= thresholds.unsqueeze(0)).to_type(ScalarType.Int64) * k.unsqueeze(0)).amax(1);
    }

    /// <summary>Edges t_1..t_{K-1} as a float32 vector.</summary>
    public static Tensor EdgesTensor(BucketEdges buckets) => torch.tensor(buckets.Edges.Select(e => (float)e).ToArray());

    /// <summary>Per-bucket constants [K] (e.g. c_b or r_b) as a float32 vector.</summary>
    public static Tensor PerBucket(BucketEdges buckets, Func<int, double> value) =>
        torch.tensor(Enumerable.Range(0, buckets.BucketCount).Select(b => (float)value(b)).ToArray());
}
