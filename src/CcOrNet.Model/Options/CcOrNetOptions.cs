namespace CcOrNet.Model.Options;

/// <summary>CC-OR-Net components, their switches (ablations) and loss weights.</summary>
/// <param name="ConditionalHeads">Head k also reads head k-1's logit (per-edge heads only).</param>
/// <param name="UseDistillation">Add a * KL(batch empirical buckets || batch mean of p).</param>
/// <param name="UseResidual">Intra-bucket residual; off = every user gets its bucket's representative value.</param>
/// <param name="UseAugmentation">Targeted high-value head for users routed to the top bucket.</param>
/// <param name="DetachResidualInput">Residual reads h detached, so only the cascade trains the encoder.</param>
/// <param name="DistillationWeight">a in L = L_cascade + a L_distill + b L_residual + c L_highvalue.</param>
/// <param name="ResidualWeight">b.</param>
/// <param name="HighValueWeight">c.</param>
/// <param name="Rule">Predicted bucket rule; per-edge F1-fitted thresholds by default (docs/model.md, "Learning-rate decay and the bucket rule").</param>
/// <param name="HeadHidden">Width of each cascade head's hidden layer.</param>
/// <param name="ResidualHidden">Width of the residual's aligned features and blocks.</param>
/// <param name="BucketEmbeddingSize">Size of the residual's bucket embedding.</param>
/// <param name="AugmentationHidden">Width of the high-value head.</param>
/// <param name="AugmentationNoise">Std of the Gaussian noise on low-attention dimensions (training only).</param>
/// <param name="AugmentationCopies">Noisy copies of each top-bucket user per training batch.</param>
/// <param name="ConfidenceTolerance">Confidence target: whale value within this relative error of the label.</param>
/// <param name="FocalGamma">Focusing parameter of the confidence focal loss.</param>
/// <param name="WhaleLoss">
/// What the high-value head's value minimises: the relative squared error by default (its minimiser is the mean; the
/// paper's relative error pulls whale values down, docs/model.md "The whale head's value loss (session 5)").
/// </param>
/// <param name="Cascade">Per-edge conditional heads (CC-OR-Net) or one score with ordered cutpoints (the "ordinal" baseline).</param>
public sealed record CcOrNetOptions(
    bool ConditionalHeads = true,
    bool UseDistillation = true,
    bool UseResidual = true,
    bool UseAugmentation = true,
    bool DetachResidualInput = false,
    double DistillationWeight = 0.5,
    double ResidualWeight = 1.0,
    double HighValueWeight = 0.5,
    BucketRule Rule = BucketRule.Calibrated,
    int HeadHidden = 64,
    int ResidualHidden = 64,
    int BucketEmbeddingSize = 8,
    int AugmentationHidden = 64,
    double AugmentationNoise = 0.5,
    int AugmentationCopies = 4,
    double ConfidenceTolerance = 0.3,
    double FocalGamma = 2.0,
    CascadeForm Cascade = CascadeForm.PerEdgeHeads,
    WhaleValueLoss WhaleLoss = WhaleValueLoss.RelativeSquaredError)
{
    /// <summary>
    /// The "ordinal" baseline: classic ordinal regression (<see cref="CascadeForm.CumulativeLink"/>), trained with the
    /// cascade's loss and routed by the same bucket rule, each bucket predicting its training mean. CC-OR-Net's own cascade
    /// without the modules above it is the <c>UseResidual: false</c> ablation, not a baseline.
    /// </summary>
    public static CcOrNetOptions OrdinalOnly { get; } =
        new(UseDistillation: false, UseResidual: false, UseAugmentation: false, Cascade: CascadeForm.CumulativeLink);

    internal IEnumerable<string> Errors()
    {
        if (DistillationWeight < 0) yield return $"CcOrNet.DistillationWeight must be >= 0 (got {DistillationWeight})";
        if (ResidualWeight < 0) yield return $"CcOrNet.ResidualWeight must be >= 0 (got {ResidualWeight})";
        if (HighValueWeight < 0) yield return $"CcOrNet.HighValueWeight must be >= 0 (got {HighValueWeight})";
        if (HeadHidden < 1) yield return $"CcOrNet.HeadHidden must be >= 1 (got {HeadHidden})";
        if (ResidualHidden < 1) yield return $"CcOrNet.ResidualHidden must be >= 1 (got {ResidualHidden})";
        if (BucketEmbeddingSize < 1) yield return $"CcOrNet.BucketEmbeddingSize must be >= 1 (got {BucketEmbeddingSize})";
        if (AugmentationHidden < 1) yield return $"CcOrNet.AugmentationHidden must be >= 1 (got {AugmentationHidden})";
        if (AugmentationNoise < 0) yield return $"CcOrNet.AugmentationNoise must be >= 0 (got {AugmentationNoise})";
        if (AugmentationCopies < 1) yield return $"CcOrNet.AugmentationCopies must be >= 1 (got {AugmentationCopies})";
        if (!(ConfidenceTolerance > 0)) yield return $"CcOrNet.ConfidenceTolerance must be > 0 (got {ConfidenceTolerance})";
        if (FocalGamma < 0) yield return $"CcOrNet.FocalGamma must be >= 0 (got {FocalGamma})";
    }
}
