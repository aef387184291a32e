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
    /// ROC AUC of a score for the label <c>y &gt; threshold</c> (payers: threshold 0), by Mann-Whitney: the share of
    /// (positive, negative) pairs where the positive scores higher, a tie counting 1/2. With R the sum of the positives'
    /// average score ranks, P positives and N negatives: <c>AUC = (R - P(P + 1)/2) / (P * N)</c>. NaN when either class is empty.
    /// </summary>
    public static double Auc(ReadOnlySpan<double> actual, double threshold, double[] scoreRanks)
    {
        double positives = 0, positiveRankSum = 0;
        for (var i = 0; i < actual.Length; i++)
        {
            if (actual[i] > threshold)
            {
                positives++;
                positiveRankSum += scoreRanks[i];
            }
        }
        var negatives = actual.Length - positives;
        if (positives == 0 || negatives == 0)
            return double.NaN;
        return (positiveRankSum - positives * (positives + 1) / 2) / (positives * negatives);
    }

    /// <summary>
    /// Average precision of a score for the label <c>y &gt; threshold</c>: the mean, over the P positives, of the precision
    /// at each positive's position when users are ordered by descending score, <c>AP = (1/P) sum_i TP(i) / position(i)</c>.
    /// Ties: the expected AP over a uniformly random order inside each tie group, in closed form. For a group of s users
    /// with q positives that follows m users holding H positives, a position j in 1..s is positive with probability q/s
    /// and then has on average (j - 1)(q - 1)/(s - 1) of the group's other positives before it, so the group adds
    /// <c>sum_j (q/s) (H + 1 + (j - 1)(q - 1)/(s - 1)) / (m + j)</c>. NaN without positives.
    /// </summary>
    public static double AveragePrecision(ReadOnlySpan<double> actual, double threshold, RankedValues score)
    {
        double positives = 0;
        foreach (var y in actual)
        {
            if (y > threshold)
                positives++;
        }
        if (positives == 0)
            return double.NaN;

        var sorted = score.SortedKeys;
        double sum = 0, positivesBelow = 0;
        for (var start = 0; start < sorted.Length;)
        {
            var end = RankedValues.GroupEnd(sorted, start);
            double size = end - start, groupPositives = 0;
            for (var j = start; j < end; j++)
            {
                if (actual[score.Order[j]] > threshold)
                    groupPositives++;
            }
            if (groupPositives > 0)
            {
                // Ascending positions start..end-1 follow, in descending order, the n - end users above the group.
                double above = sorted.Length - end, positivesAbove = positives - positivesBelow - groupPositives;
                var othersPerPosition = size > 1 ? (groupPositives - 1) / (size - 1) : 0;
                for (var j = 1; j <= size; j++)
                    sum += groupPositives / size * (positivesAbove + 1 + (j - 1) * othersPerPosition) / (above + j);
            }
            positivesBelow += groupPositives;
            start = end;
        }
        return sum / positives;
    }
}
