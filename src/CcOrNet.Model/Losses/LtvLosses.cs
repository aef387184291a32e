using CcOrNet.Model.Buckets;
using CcOrNet.Model.Options;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace CcOrNet.Model.Losses;

/// <summary>Loss functions of CC-OR-Net and the baselines; scalars, labels on the raw scale.</summary>
internal static class LtvLosses
{
    /// <summary>
    /// Sum over heads k of the mean BCE on users still at risk (y &gt; t_{k-1}; everyone for k = 1), target 1[y &gt; t_k].
    /// A head with nobody at risk in the batch adds 0.
    /// </summary>
    public static Tensor Cascade(Tensor logits, Tensor label, BucketEdges buckets)
    {
        var total = torch.zeros([]);
        for (int k = 0; k < buckets.Edges.Count; k++)
        {
            var atRisk = k == 0 ? torch.ones_like(label) : (label > buckets.Edges[k - 1]).to_type(ScalarType.Float32);
            var target = (label > buckets.Edges[k]).to_type(ScalarType.Float32);
            var perUser = F.binary_cross_entropy_with_logits(logits.select(1, k), target, reduction: nn.Reduction.None);
            total = total + (perUser * atRisk).sum() / atRisk.sum().clamp_min(1);
        }
        return total;
    }

    /// <summary>KL(q || mean p): q the batch's empirical bucket shares, p [B, K] the predicted bucket probabilities.</summary>
    public static Tensor Distillation(Tensor probabilities, Tensor trueBucket, int bucketCount)
    {
        var empirical = F.one_hot(trueBucket, bucketCount).to_type(ScalarType.Float32).mean([0]);
        var predicted = probabilities.mean([0]).clamp_min(1e-8);
        return (empirical * (empirical.clamp_min(1e-12).log() - predicted.log())).sum();
    }

    /// <summary>Binary focal loss (Lin et al. 2017) without class weighting: mean of (1 - p_t)^gamma * BCE.</summary>
    public static Tensor Focal(Tensor logits, Tensor target, double gamma)
    {
        var bce = F.binary_cross_entropy_with_logits(logits, target, reduction: nn.Reduction.None);
        var p = torch.sigmoid(logits);
        var pTrue = p * target + (1 - p) * (1 - target);
        return ((1 - pTrue).pow(gamma) * bce).mean();
    }

    /// <summary>
    /// The high-value head's value loss over whales with labels y &gt; 0: mean |v - y| / y, or sum (v - y)^2 / sum y^2
    /// (<see cref="WhaleValueLoss"/> says why both exist).
    /// </summary>
    public static Tensor WhaleValue(Tensor value, Tensor label, WhaleValueLoss loss) => loss == WhaleValueLoss.RelativeError
        ? ((value - label).abs() / label).mean()
        : (value - label).square().sum() / label.square().sum();

    /// <summary>
    /// ZILN (Wang, Liu, Miao 2019): mean BCE of the payer logit + lognormal negative log-likelihood of the payers,
    /// summed and divided by the batch size.
    /// </summary>
    public static Tensor ZeroInflatedLognormal(Tensor payerLogit, Tensor mu, Tensor sigma, Tensor label)
    {
        var payer = (label > BucketEdges.ZeroThreshold).to_type(ScalarType.Float32);
        var classification = F.binary_cross_entropy_with_logits(payerLogit, payer);
        var logY = label.clamp_min(BucketEdges.ZeroThreshold).log();
        var nll = logY + sigma.log() + 0.5 * Math.Log(2 * Math.PI) + (logY - mu).pow(2) / (2 * sigma.pow(2));
        return classification + (nll * payer).sum() / label.shape[0];
    }
}
