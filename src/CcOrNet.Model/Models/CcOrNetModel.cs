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
/// CC-OR-Net: shared encoder -> ordinal cascade (+ distillation) -> intra-bucket residual -> targeted high-value head.
/// Gradient paths: the cascade and distillation losses train the encoder and the cascade; the residual reads the
/// bucket probabilities detached (and h attached unless DetachResidualInput); the high-value head reads h detached.
/// With UseResidual off each bucket predicts its representative value; with a cumulative-link cascade as well, this is the
/// "ordinal" baseline (<see cref="CcOrNetOptions.OrdinalOnly"/>).
/// </summary>
internal sealed class CcOrNetModel : LtvModelBase
{
    private readonly SharedEncoder encoder;
    private readonly nn.Module<Tensor, Tensor> cascade;
    private readonly IntraBucketResidual? residual;
    private readonly HighValueHead? high_value;
    private readonly CcOrNetOptions options;

    /// <summary>Per-bucket multiplicative calibration of the values [K]; ones until <see cref="CalibrateValues"/>.</summary>
    private readonly Tensor value_scale;

    /// <summary>
    /// tau_k of <see cref="BucketRule.Calibrated"/> (on E_k; 0.5 until <see cref="CalibrateValues"/>) or of
    /// <see cref="BucketRule.ExpectedValue"/> (on ltv_expected; the edges t_k until then) [K-1].
    /// </summary>
    private readonly Tensor exceedance_threshold;

    public CcOrNetModel(string modelName, FeatureLayout layout, BucketEdges buckets, ModelOptions modelOptions)
        : base(modelName, layout, buckets)
    {
        options = modelOptions.CcOrNetOrDefault;
        encoder = new SharedEncoder(layout, modelOptions.EncoderOrDefault);
        int h = encoder.OutputSize;
        cascade = options.Cascade == CascadeForm.CumulativeLink
            ? new CumulativeLinkHead(h, buckets.Edges.Count, options.HeadHidden)
            : new OrdinalCascade(h, buckets.Edges.Count, options.HeadHidden, options.ConditionalHeads);
        if (options.UseResidual)
            residual = new IntraBucketResidual(h, buckets.BucketCount, options.BucketEmbeddingSize, options.ResidualHidden);
        if (options.UseAugmentation)
            high_value = new HighValueHead(h, options.AugmentationHidden, options.AugmentationNoise);
        value_scale = torch.ones(buckets.BucketCount);
        exceedance_threshold = options.Rule == BucketRule.ExpectedValue ? CascadeMath.EdgesTensor(buckets) : torch.full(buckets.Edges.Count, 0.5f);
        RegisterComponents();
    }

    /// <summary>Noisy copies of each top-bucket user the high-value head trains on (0 without augmentation).</summary>
    internal int AugmentationCopies => high_value is null ? 0 : options.AugmentationCopies;

    internal override IReadOnlyList<LossTerm> LossTerms(FeatureBatch batch)
    {
        var label = batch.RequireLabel();
        var h = encoder.forward(batch);
        var logits = cascade.forward(h);
        var trueBucket = CascadeMath.BucketOf(label, Buckets);
        var terms = new List<LossTerm> { new("cascade", 1, LtvLosses.Cascade(logits, label, Buckets)) };

        var probabilities = CascadeMath.BucketProbabilities(logits);
        if (options.UseDistillation)
            terms.Add(new("distill", options.DistillationWeight, LtvLosses.Distillation(probabilities, trueBucket, Buckets.BucketCount)));
        if (residual is not null)
            terms.Add(new("residual", options.ResidualWeight, ResidualLoss(h, probabilities.detach(), trueBucket, label)));
        if (high_value is not null)
            terms.Add(new("highvalue", options.HighValueWeight, HighValueLoss(h.detach(), trueBucket, label)));
        return terms;
    }

    internal override ModelOutputs Outputs(FeatureBatch batch) => Outputs(batch, residualOncePerUser: false);

    /// <summary>
    /// <see cref="Outputs(FeatureBatch)"/> for scoring, same values to float rounding: the residual's first layer reads
    /// [h, p] once per user rather than once per user and bucket (<see cref="IntraBucketResidual.ForwardEveryBucket"/>).
    /// </summary>
    internal override ModelOutputs InferenceOutputs(FeatureBatch batch) => Outputs(batch, residualOncePerUser: true);

    private ModelOutputs Outputs(FeatureBatch batch, bool residualOncePerUser)
    {
        var h = encoder.forward(batch);
        var logits = cascade.forward(h);
        var exceedance = CascadeMath.Exceedance(logits);
        var probabilities = CascadeMath.BucketProbabilities(logits);
        var values = BucketValues(h, probabilities.detach(), residualOncePerUser);
        var ltvExpected = (probabilities * values).sum(1);
        var bucket = CascadeMath.PredictedBucket(probabilities, exceedance, options.Rule, exceedance_threshold, ltvExpected);
        var ltvPred = values.gather(1, bucket.unsqueeze(1)).squeeze(1);
        return new ModelOutputs(exceedance, probabilities, bucket, ltvPred, ltvExpected, values);
    }

    /// <summary>
    /// value_b for every bucket [B, K] on the raw scale: 0 for the zero bucket, expm1(c_b + r_b v_norm) above it.
    /// The top bucket's value is the confidence blend of the high-value head and the residual, so a user routed
    /// there gets the blend and ltv_expected weighs it by p_{K-1}. Every value stays inside its bucket's range.
    /// </summary>
    private Tensor BucketValues(Tensor h, Tensor probabilities, bool residualOncePerUser) =>
        residual is null && high_value is null
            ? RawBucketValues(h, probabilities, residualOncePerUser)
            : Calibrated(RawBucketValues(h, probabilities, residualOncePerUser));

    /// <summary>
    /// Values times the per-bucket scale, clamped to each bucket's range [lower_b, upper_b] so bucket consistency
    /// survives calibration. With scale 1 (uncalibrated) the clamp only absorbs float rounding.
    /// </summary>
    private Tensor Calibrated(Tensor values)
    {
        var lower = CascadeMath.PerBucket(Buckets, Buckets.Lower);
        var upper = CascadeMath.PerBucket(Buckets, Buckets.Upper);
        return torch.minimum(torch.maximum(values * value_scale, lower), upper);
    }

    /// <summary>
    /// Fits the per-bucket scale on labelled (training) batches so that, per true bucket b >= 1, the mean value the
    /// model gives those users in bucket b equals their mean label. Why: the residual is fitted on the log1p scale,
    /// so it predicts a geometric-mean-like value and under-predicts totals; this restores the arithmetic mean
    /// without touching ranking inside a bucket. The clamp to the bucket range can stop a bucket reaching its mean
    /// (e.g. top-bucket labels beyond TopUpper), so a few fixed-point rounds account for it. Without a residual or
    /// augmentation the values are already the buckets' training means and nothing changes. With
    /// <see cref="BucketRule.Calibrated"/> the same pass also fits the per-edge thresholds tau_k (best training F1); with
    /// <see cref="BucketRule.ExpectedValue"/> it fits them on the calibrated ltv_expected.
    /// </summary>
    public override void CalibrateValues(IEnumerable<FeatureBatch> batches)
    {
        bool fitsThresholds = options.Rule is BucketRule.Calibrated or BucketRule.ExpectedValue;
        if (residual is null && high_value is null && !fitsThresholds) return;
        int k = Buckets.BucketCount;
        var raw = new List<double>[k];
        var labels = new List<double>[k];
        for (int b = 0; b < k; b++) { raw[b] = []; labels[b] = []; }
        var exceedances = Enumerable.Range(0, k - 1).Select(_ => new List<float>()).ToArray();
        var aboveEdge = Enumerable.Range(0, k - 1).Select(_ => new List<bool>()).ToArray();
        // ExpectedValue: every user's probabilities and raw values of every bucket, row-major [users x K].
        var everyProbability = new List<float>();
        var everyRawValue = new List<float>();
        bool wasTraining = training;
        eval();
        try
        {
            using var noGrad = torch.no_grad();
            foreach (var batch in batches)
            {
                batch.Validate(Layout);
                using var scope = NewDisposeScope();
                var label = batch.RequireLabel();
                var h = encoder.forward(batch);
                var logits = cascade.forward(h);
                var probabilities = CascadeMath.BucketProbabilities(logits);
                var trueBucket = CascadeMath.BucketOf(label, Buckets);
                var exceedance = CascadeMath.Exceedance(logits).t().contiguous();
                for (int e = 0; e < k - 1; e++) exceedances[e].AddRange(exceedance[e].data<float>());
                var rawValues = RawBucketValues(h, probabilities);
                if (options.Rule == BucketRule.ExpectedValue)
                {
                    everyProbability.AddRange(probabilities.contiguous().data<float>());
                    everyRawValue.AddRange(rawValues.contiguous().data<float>());
                }
                var own = rawValues.gather(1, trueBucket.unsqueeze(1)).squeeze(1);
                var ownValues = own.contiguous().data<float>().ToArray();
                var labelValues = label.contiguous().data<float>().ToArray();
                var bucketValues = trueBucket.contiguous().data<long>().ToArray();
                for (int i = 0; i < ownValues.Length; i++)
                {
                    for (int e = 0; e < k - 1; e++) aboveEdge[e].Add(bucketValues[i] > e);
                    raw[bucketValues[i]].Add(ownValues[i]);
                    labels[bucketValues[i]].Add(labelValues[i]);
                }
            }
        }
        finally
        {
            train(wasTraining);
        }

        var scale = new float[k];
        scale[0] = 1;
        for (int b = 1; b < k; b++)
            scale[b] = residual is null && high_value is null ? 1 : (float)MeanMatchingScale(raw[b], labels[b], Buckets.Lower(b), Buckets.Upper(b));
        // "Above edge k" is a binary task (buckets k..K-1 vs below); tau_k is the threshold on E_k with the best F1 for it.
        var thresholds = exceedance_threshold.data<float>().ToArray();
        if (options.Rule == BucketRule.Calibrated)
            for (int e = 0; e < k - 1; e++) thresholds[e] = BestF1Threshold(exceedances[e], aboveEdge[e]);
        if (options.Rule == BucketRule.ExpectedValue)
        {
            var expected = ExpectedValues(everyProbability, everyRawValue, scale);
            for (int e = 0; e < k - 1; e++) thresholds[e] = BestF1Threshold(expected, aboveEdge[e]);
        }
        using (torch.no_grad())
        {
            value_scale.copy_(torch.tensor(scale));
            exceedance_threshold.copy_(torch.tensor(thresholds));
        }
    }

    /// <summary>
    /// ltv_expected per user from its bucket probabilities and raw bucket values (row-major [users x K]) under the value
    /// scales <paramref name="scale"/>, clamped to the bucket ranges as <see cref="Calibrated(Tensor)"/> does.
    /// </summary>
    private List<float> ExpectedValues(List<float> probabilities, List<float> rawValues, float[] scale)
    {
        int k = Buckets.BucketCount;
        var expected = new List<float>(probabilities.Count / k);
        bool scaled = residual is not null || high_value is not null;
        for (int start = 0; start < probabilities.Count; start += k)
        {
            double sum = 0;
            for (int b = 0; b < k; b++)
            {
                double value = rawValues[start + b];
                if (scaled) value = Math.Clamp(value * scale[b], Buckets.Lower(b), Buckets.Upper(b));
                sum += probabilities[start + b] * value;
            }
            expected.Add((float)sum);
        }
        return expected;
    }

    /// <summary>The rule's thresholds tau_k (before calibration: 0.5, or the edges for the ExpectedValue rule).</summary>
    internal IReadOnlyList<float> ExceedanceThresholds() => exceedance_threshold.data<float>().ToArray();

    /// <summary>
    /// The score threshold that maximises F1 = 2 TP / (2 TP + FP + FN) of "score >= tau" for the positive class
    /// (ties in the score are cut together); +inf when there is no positive.
    /// </summary>
    private static float BestF1Threshold(List<float> scores, List<bool> positive)
    {
        int positives = positive.Count(p => p);
        if (positives == 0 || scores.Count == 0) return float.PositiveInfinity;
        var order = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ToArray();
        double best = -1;
        float threshold = float.PositiveInfinity;
        int truePositives = 0;
        for (int taken = 1; taken <= order.Length; taken++)
        {
            if (positive[order[taken - 1]]) truePositives++;
            if (taken < order.Length && scores[order[taken]] == scores[order[taken - 1]]) continue;
            double f1 = 2.0 * truePositives / (taken + positives);
            if (f1 > best)
            {
                best = f1;
                threshold = scores[order[taken - 1]];
            }
        }
        return threshold;
    }

    /// <summary>The current per-bucket value scales (1 = uncalibrated).</summary>
    public override IReadOnlyList<double> ValueScales() => value_scale.data<float>().Select(v => (double)v).ToArray();

    /// <summary>s with mean(clamp(s v, lower, upper)) = mean(y), by fixed-point rounds; 1 when the bucket has no users.</summary>
    private static double MeanMatchingScale(List<double> values, List<double> labels, double lower, double upper)
    {
        if (values.Count == 0) return 1;
        double target = labels.Average();
        double scale = 1;
        for (int round = 0; round < 20; round++)
        {
            double mean = values.Average(v => Math.Clamp(v * scale, lower, upper));
            if (!(mean > 0)) return 1;
            double next = scale * target / mean;
            if (Math.Abs(next - scale) <= 1e-6 * scale) return next;
            scale = next;
        }
        return scale;
    }

    private Tensor RawBucketValues(Tensor h, Tensor probabilities, bool residualOncePerUser = false)
    {
        long b = h.shape[0];
        int k = Buckets.BucketCount;
        Tensor values;
        if (residual is null)
        {
            values = CascadeMath.PerBucket(Buckets, Buckets.Representative).unsqueeze(0).expand(b, k).clone();
        }
        else
        {
            var vNorm = residualOncePerUser ? residual.ForwardEveryBucket(h, probabilities, firstBucket: 1) : ResidualPerBucket(h, probabilities);
            var centres = CascadeMath.PerBucket(Buckets, Buckets.LogCentre).narrow(0, 1, k - 1);
            var halfWidths = CascadeMath.PerBucket(Buckets, Buckets.LogHalfWidth).narrow(0, 1, k - 1);
            values = torch.cat([torch.zeros(b, 1), torch.expm1(centres + halfWidths * vNorm)], 1);
        }

        if (high_value is null) return values;
        var (whaleNorm, confidenceLogit) = high_value.forward(h.detach());
        var confidence = torch.sigmoid(confidenceLogit);
        var blendedTop = confidence * WhaleValue(whaleNorm) + (1 - confidence) * values.select(1, k - 1);
        return torch.cat([values.narrow(1, 0, k - 1), blendedTop.unsqueeze(1)], 1);
    }

    /// <summary>v_norm [B, K-1] of every user at buckets 1..K-1, the residual run once per user and bucket.</summary>
    private Tensor ResidualPerBucket(Tensor h, Tensor probabilities)
    {
        long b = h.shape[0];
        int k = Buckets.BucketCount;
        var bucketIndex = torch.arange(1, k, dtype: ScalarType.Int64).repeat_interleave(b);
        return residual!.forward(h.repeat(k - 1, 1), probabilities.repeat(k - 1, 1), bucketIndex).view(k - 1, b).t();
    }

    /// <summary>Squared error on the log1p scale for payers, each at its true bucket; labels above TopUpper count as TopUpper.</summary>
    private Tensor ResidualLoss(Tensor h, Tensor probabilities, Tensor trueBucket, Tensor label)
    {
        var payers = (trueBucket > 0).nonzero().squeeze(1);
        if (payers.numel() == 0) return torch.zeros([]);
        var input = options.DetachResidualInput ? h.detach() : h;
        var bucket = trueBucket.index_select(0, payers);
        var vNorm = residual!.forward(input.index_select(0, payers), probabilities.index_select(0, payers), bucket);
        var predicted = CascadeMath.PerBucket(Buckets, Buckets.LogCentre).index_select(0, bucket)
            + CascadeMath.PerBucket(Buckets, Buckets.LogHalfWidth).index_select(0, bucket) * vNorm;
        var target = torch.log1p(label.index_select(0, payers)).clamp_max(Math.Log(1 + Buckets.TopUpper));
        return F.mse_loss(predicted, target);
    }

    /// <summary>
    /// <see cref="CcOrNetOptions.WhaleLoss"/> of the whale value + focal loss of the confidence, on true top-bucket users (noisy copies in
    /// training). Confidence target: the whale value is within ConfidenceTolerance relative error of the label.
    /// </summary>
    private Tensor HighValueLoss(Tensor hDetached, Tensor trueBucket, Tensor label)
    {
        var whales = (trueBucket == Buckets.TopBucket).nonzero().squeeze(1);
        if (whales.numel() == 0) return torch.zeros([]);
        int copies = training ? options.AugmentationCopies : 1;
        var input = hDetached.index_select(0, whales).repeat(copies, 1);
        var target = label.index_select(0, whales).repeat(copies);
        var (whaleNorm, confidenceLogit) = high_value!.forward(input);
        var whaleValue = WhaleValue(whaleNorm);
        var confident = ((whaleValue.detach() - target).abs() / target <= options.ConfidenceTolerance).to_type(ScalarType.Float32);
        return LtvLosses.WhaleValue(whaleValue, target, options.WhaleLoss) + LtvLosses.Focal(confidenceLogit, confident, options.FocalGamma);
    }

    private Tensor WhaleValue(Tensor whaleNorm)
    {
        int top = Buckets.TopBucket;
        return torch.expm1(Buckets.LogCentre(top) + Buckets.LogHalfWidth(top) * whaleNorm);
    }
}
