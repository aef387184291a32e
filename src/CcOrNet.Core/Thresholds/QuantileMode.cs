namespace CcOrNet.Core.Thresholds;

/// <summary>How label quantiles are computed.</summary>
public enum QuantileMode
{
    /// <summary>Linear interpolation between order statistics (type 7, as numpy's default): sorts the labels.</summary>
    Exact,
    /// <summary>Sketch-based (DuckDB T-Digest, Spark percentile_approx); rank error at most 0.01.</summary>
    Approximate,
}
