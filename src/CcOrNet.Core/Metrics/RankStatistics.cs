namespace CcOrNet.Core.Metrics;

/// <summary>
/// Rank-based statistics on average ranks (<see cref="RankedValues.Ranks"/>), each O(n) once the ranks exist.
/// Average ranks make every statistic tie-aware: tied scores are never ordered in the model's favour.
/// </summary>
internal static class RankStatistics
{
    /// <summary>
    /// The Gini coefficient of the Lorenz (cumulative gain) curve of <paramref name="actual"/> ordered by a
    /// score, highest first; the expected value when tied scores are ordered at random.
    /// </summary>
    /// <remarks>
    /// With users ordered by descending score and L(i) the share of total value T held by the first i users
    /// (L(0) = 0, L(n) = 1), the trapezoid area under the curve is A = (1/n) * (sum_{i=1..n} L(i) - 1/2) and
    /// G = 2A - 1: 0 for a random order, 1 - 1/n when one user holds all value and is ranked first, negative when
    /// the order is worse than random. Inside a tie group the expected curve is linear (each member contributes
    /// the group's mean value). Since sum_i L(i) = (1/T) * sum_i y_i * (n + 1 - position_i) and the expected
    /// n + 1 - position of a tied user is its average ascending rank r_i, this is
    /// <c>G = 2 * sum_i y_i * r_i / (n * T) - (n + 1) / n</c>. NaN when T = 0.
    /// </remarks>
    public static double Gini(ReadOnlySpan<double> actual, double[] scoreRanks)
    {
        double total = 0, weighted = 0;
        for (var i = 0; i < actual.Length; i++)
        {
            total += actual[i];
            weighted += actual[i] * scoreRanks[i];
        }
        if (total <= 0)
            return double.NaN;
        var n = (double)actual.Length;
        return 2 * weighted / (n * total) - (n + 1) / n;
    }

    /// <summary>
    /// Spearman's rho with average ranks for ties: the Pearson correlation of the two rank vectors,
    /// <c>sum (a_i - m)(b_i - m) / sqrt(sum (a_i - m)^2 * sum (b_i - m)^2)</c> with m = (n + 1) / 2 (average
    /// ranks keep the mean). NaN when either side is constant.
    /// </summary>
    public static double Spearman(double[] ranksA, double[] ranksB)
    {
        var mean = (ranksA.Length + 1) / 2.0;
        double covariance = 0, varianceA = 0, varianceB = 0;
        for (var i = 0; i < ranksA.Length; i++)
        {
            var a = ranksA[i] - mean;
            var b = ranksB[i] - mean;
            covariance += a * b;
            varianceA += a * a;
            varianceB += b * b;
        }
        return varianceA > 0 && varianceB > 0 ? covariance / Math.Sqrt(varianceA * varianceB) : double.NaN;
    }

    /// <summary>
    /// ROC AUC of a score for the label <c>y &gt; 0</c>, by Mann-Whitney: the share of (payer, non-payer) pairs
    /// where the payer scores higher, a tie counting 1/2. With R the sum of the payers' average score ranks,
    /// P payers and N non-payers: <c>AUC = (R - P(P + 1)/2) / (P * N)</c>. NaN when either class is empty.
    /// </summary>
    public static double PayerAuc(ReadOnlySpan<double> actual, double[] scoreRanks)
    {
        double payers = 0, payerRankSum = 0;
        for (var i = 0; i < actual.Length; i++)
        {
            if (actual[i] > 0)
            {
                payers++;
                payerRankSum += scoreRanks[i];
            }
        }
        var nonPayers = actual.Length - payers;
        if (payers == 0 || nonPayers == 0)
            return double.NaN;
        return (payerRankSum - payers * (payers + 1) / 2) / (payers * nonPayers);
    }
}
