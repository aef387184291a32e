using CcOrNet.Model.Buckets;
using CcOrNet.Model.Losses;
using static TorchSharp.torch;

namespace CcOrNet.Model.Models;

/// <summary>Outputs of a baseline that predicts one value per user plus an exceedance curve E [B, K-1].</summary>
internal static class PointPrediction
{
    /// <summary>Bucket = bucket of the value (so ltv_pred and bucket agree); ltv_expected = ltv_pred.</summary>
    public static ModelOutputs Outputs(Tensor exceedance, Tensor value, BucketEdges buckets) => new(
        exceedance,
        CascadeMath.BucketProbabilitiesFromExceedance(exceedance),
        CascadeMath.BucketOf(value, buckets),
        value,
        value);

    /// <summary>E_k = scale * 1[value &gt; t_k] [B, K-1]: a deterministic model's exceedance, optionally times a payer probability.</summary>
    public static Tensor StepExceedance(Tensor value, BucketEdges buckets, Tensor? scale = null)
    {
        var steps = (value.unsqueeze(1) > CascadeMath.EdgesTensor(buckets).unsqueeze(0)).to_type(ScalarType.Float32);
        return scale is null ? steps : steps * scale.unsqueeze(1);
    }
}
