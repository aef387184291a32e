namespace CcOrNet.Core.Metrics;

/// <summary>How well the ranking score orders users by actual value (overall, or among payers only).</summary>
/// <param name="Count">Users the metrics cover.</param>
/// <param name="GiniNormalized">
/// Gini of the Lorenz curve of y ordered by the score over the Gini of y ordered by y itself: 1 for the
/// perfect order, 0 expected at random (and for a constant score), -1 for the reversed order. NaN when all y
/// are equal.
/// </param>
/// <param name="GiniRaw">The un-normalised Gini of y ordered by the score (see <see cref="RankStatistics.Gini"/>).</param>
/// <param name="GiniPerfect">The Gini of y ordered by y: the most any score can reach on this data.</param>
/// <param name="Spearman">Spearman's rho between the score and y, average ranks for ties.</param>
public sealed record RankingMetrics(int Count, double GiniNormalized, double GiniRaw, double GiniPerfect, double Spearman)
{
    /// <summary>The metrics of an empty set of users (e.g. payers when nobody paid): all NaN.</summary>
    internal static RankingMetrics Empty { get; } = new(0, double.NaN, double.NaN, double.NaN, double.NaN);

    internal static RankingMetrics Compute(ReadOnlySpan<double> actual, RankedValues truth, RankedValues score)
    {
        var gini = RankStatistics.Gini(actual, score.Ranks);
        var perfect = RankStatistics.Gini(actual, truth.Ranks);
        // All-equal y leave nothing to rank; the perfect Gini is then 0 up to rounding, not a usable divisor.
        var normalized = truth.IsConstant ? double.NaN : gini / perfect;
        return new RankingMetrics(actual.Length, normalized, gini, perfect, RankStatistics.Spearman(truth.Ranks, score.Ranks));
    }
}
