using CcOrNet.Model.Buckets;
using CcOrNet.Model.Data;
using CcOrNet.Model.Modules;
using CcOrNet.Model.Options;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace CcOrNet.Model.Models;

/// <summary>Baseline: regress log1p(y) with squared error; prediction expm1(max(u, 0)).</summary>
internal sealed class LogMseModel : LtvModelBase
{
    private readonly SharedEncoder encoder;
    private readonly MlpHead head;

    public LogMseModel(string modelName, FeatureLayout layout, BucketEdges buckets, ModelOptions options)
        : base(modelName, layout, buckets)
    {
        encoder = new SharedEncoder(layout, options.EncoderOrDefault);
        head = new MlpHead(encoder.OutputSize, options.HeadHidden, 1);
        RegisterComponents();
    }

    internal override IReadOnlyList<LossTerm> LossTerms(FeatureBatch batch)
    {
        var u = head.forward(encoder.forward(batch)).squeeze(1);
        return [new("logmse", 1, F.mse_loss(u, torch.log1p(batch.RequireLabel())))];
    }

    internal override ModelOutputs Outputs(FeatureBatch batch)
    {
        var value = torch.expm1(head.forward(encoder.forward(batch)).squeeze(1).clamp_min(0));
        return PointPrediction.Outputs(PointPrediction.StepExceedance(value, Buckets), value, Buckets);
    }
}
