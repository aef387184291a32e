using CcOrNet.Model.Buckets;
using CcOrNet.Model.Data;
using CcOrNet.Model.Modules;
using CcOrNet.Model.Options;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace CcOrNet.Model.Models;

/// <summary>
/// Baseline: payer probability p (BCE on y &gt; t_1) times a conditional spend u regressed on log1p(y) over payers only;
/// prediction p * expm1(max(u, 0)).
/// </summary>
internal sealed class TwoStageModel : LtvModelBase
{
    private readonly SharedEncoder encoder;
    private readonly MlpHead head;

    public TwoStageModel(string modelName, FeatureLayout layout, BucketEdges buckets, ModelOptions options)
        : base(modelName, layout, buckets)
    {
        encoder = new SharedEncoder(layout, options.EncoderOrDefault);
        head = new MlpHead(encoder.OutputSize, options.HeadHidden, 2);
        RegisterComponents();
    }

    internal override IReadOnlyList<LossTerm> LossTerms(FeatureBatch batch)
    {
        var label = batch.RequireLabel();
        var output = head.forward(encoder.forward(batch));
        var payer = (label > BucketEdges.ZeroThreshold).to_type(ScalarType.Float32);
        var classification = F.binary_cross_entropy_with_logits(output.select(1, 0), payer);
        var squaredError = (output.select(1, 1) - torch.log1p(label)).pow(2);
        var regression = (squaredError * payer).sum() / payer.sum().clamp_min(1);
        return [new("payer", 1, classification), new("spend", 1, regression)];
    }

    internal override ModelOutputs Outputs(FeatureBatch batch)
    {
        var output = head.forward(encoder.forward(batch));
        var payerProbability = torch.sigmoid(output.select(1, 0));
        var conditionalSpend = torch.expm1(output.select(1, 1).clamp_min(0));
        var exceedance = PointPrediction.StepExceedance(conditionalSpend, Buckets, payerProbability);
        return PointPrediction.Outputs(exceedance, payerProbability * conditionalSpend, Buckets);
    }
}
