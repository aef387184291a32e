namespace CcOrNet.Model.Options;

/// <summary>How CC-OR-Net turns bucket probabilities into one predicted bucket.</summary>
public enum BucketRule
{
    /// <summary>The bucket with the highest probability p_b.</summary>
    Argmax,

    /// <summary>The number of exceedance probabilities E_k at or above 0.5 (walk the cascade while it says "more").</summary>
    Exceedance,
}
