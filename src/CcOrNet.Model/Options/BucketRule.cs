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
    /// (= <see cref="Exceedance"/>) until <c>CalibrateValues</c> fits them on the training rows so that the share of users
    /// predicted above each edge equals the share of labels above it: argmax under-fills the rare upper buckets (a whale
    /// with p = [0.4, 0.1, 0.1, 0.4] is sent to the zero bucket), which is what drives whale under-prediction.
    /// </summary>
    Calibrated,
}
