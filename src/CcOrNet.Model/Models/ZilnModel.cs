using CcOrNet.Model.Buckets;
using CcOrNet.Model.Data;
using CcOrNet.Model.Losses;
using CcOrNet.Model.Modules;
using CcOrNet.Model.Options;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace CcOrNet.Model.Models;

/// <summary>
/// Baseline ZILN (Wang, Liu, Miao 2019): payer logit, lognormal mu and sigma = softplus + 1e-3; prediction
/// p * exp(mu + sigma^2 / 2). Its exceedance is exact: E_k = p * (1 - Phi((ln t_k - mu) / sigma)).
/// </summary>
internal sealed class ZilnModel : LtvModelBase
{
    private readonly SharedEncoder encoder;
    private readonly MlpHead head;

    public ZilnModel(string modelName, FeatureLayout layout, BucketEdges buckets, ModelOptions options)
        : base(modelName, layout, buckets)
    {
        encoder = new SharedEncoder(layout, options.EncoderOrDefault);
        head = new MlpHead(encoder.OutputSize, options.HeadHidden, 3);
        RegisterComponents();
    }

    internal override IReadOnlyList<LossTerm> LossTerms(FeatureBatch batch)
    {
        var (logit, mu, sigma) = Heads(batch);
        return [new("ziln", 1, LtvLosses.ZeroInflatedLognormal(logit, mu, sigma, batch.RequireLabel()))];
    }

    internal override ModelOutputs Outputs(FeatureBatch batch)
    {
        var (logit, mu, sigma) = Heads(batch);
        var payerProbability = torch.sigmoid(logit);
        var value = payerProbability * torch.exp((mu + sigma.pow(2) / 2).clamp_max(80));
        var logEdges = CascadeMath.EdgesTensor(Buckets).log().unsqueeze(0);
        var z = (logEdges - mu.unsqueeze(1)) / sigma.unsqueeze(1);
        var survival = 0.5 * torch.special.erfc(z / Math.Sqrt(2));
        return PointPrediction.Outputs(payerProbability.unsqueeze(1) * survival, value, Buckets);
    }

    private (Tensor Logit, Tensor Mu, Tensor Sigma) Heads(FeatureBatch batch)
    {
        var output = head.forward(encoder.forward(batch));
        return (output.select(1, 0), output.select(1, 1), F.softplus(output.select(1, 2)) + 1e-3);
    }
}
