namespace CcOrNet.Model.Options;

/// <summary>How CC-OR-Net turns bucket probabilities into one predicted bucket.</summary>
public enum BucketRule
{
    /// <summary>The bucket with the highest probability p_b.</summary>
    Argmax,

    /// <summary>The number of exceedance probabilities E_k at or above 0.5 (walk the cascade while it says "more").</summary>
    Exceedance,

    /// <summary>
    /// The highest k whose exceedance E_k reaches its own threshold tau_k (0 when none does). The thresholds are 0.5
    /// (= <see cref="Exceedance"/>) until <c>CalibrateValues</c> fits them on the training rows: tau_k maximises the F1 of
    /// "y above edge k" (for the top edge, the top bucket's F1). Argmax and 0.5 are not tuned to any metric and route
    /// the rare upper buckets by chance of how the probability mass splits between the other buckets. The default since
    /// session 4: with the cosine learning-rate decay the fitted thresholds carry over out of time (docs/model.md).
    /// </summary>
    Calibrated,

    /// <summary>
    /// The highest k whose expected value <c>ltv_expected</c> reaches its own threshold tau_k (0 when none does): one score
    /// for every edge, the one the model ranks users by. The thresholds are the edges t_k ("expected to spend above the
    /// edge") until <c>CalibrateValues</c> fits them on the training rows to the best F1 of "y above edge k", after the
    /// value calibration. Measured, not the default: docs/model.md, "Top-bucket F1 against classic ordinal regression, and routing
    /// by the expected value (session 6)".
    /// </summary>
    ExpectedValue,
}
