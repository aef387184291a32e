namespace CcOrNet.Core.Metrics;

/// <summary>Metrics phrased as the decisions a growth team takes with the predictions.</summary>
/// <param name="Sva">
/// Stratified value accuracy: the share of users whose predicted value falls in the same stratum as their
/// actual value. Strata: zero (v &lt;= t_1), low (t_1 &lt; v &lt;= threshold), high (v &gt; threshold).
/// </param>
/// <param name="SvaThreshold">The low/high split: the median positive training label.</param>
/// <param name="TopFraction">k: the fraction of users targeted, by ranking score.</param>
/// <param name="TopCount">ceil(k * n): the number of users targeted.</param>
/// <param name="WhaleFraction">The fraction of users, by actual value, that are whales.</param>
/// <param name="WhaleCount">
/// Whales: ceil(WhaleFraction * n) users with the highest actual values, but never a user with y = 0 (so at
/// most the number of payers).
/// </param>
/// <param name="WhaleRecallAtK">Expected share of the whales among the top-k targeted users; NaN without whales.</param>
/// <param name="ValueCapturedAtK">Expected share of the total actual value held by the top-k targeted users; NaN when it is 0.</param>
public sealed record BusinessMetrics(
    double Sva,
    double SvaThreshold,
    double TopFraction,
    int TopCount,
    double WhaleFraction,
    int WhaleCount,
    double WhaleRecallAtK,
    double ValueCapturedAtK)
{
    /// <remarks>
    /// Both "top" sets are tie-aware. A user is targeted with probability 1 above the cut score, 0 below it and
    /// (TopCount - users above the cut) / (users on the cut) on it, the chance a random order of that tie group
    /// puts them in; whales likewise by actual value. With targeting and whale probabilities p_i and q_i (tie
    /// orders of score and of value independent), Recall@k = sum_i p_i * q_i / WhaleCount and value captured =
    /// sum_i p_i * y_i / sum_i y_i: the expectations over random tie orders.
    /// </remarks>
    internal static BusinessMetrics Compute(
        ReadOnlySpan<double> actual,
        ReadOnlySpan<double> predicted,
        ReadOnlySpan<double> score,
        EvaluationContext context,
        RankedValues truth,
        RankedValues byScore,
        int positiveCount)
    {
        var n = actual.Length;
        var threshold = context.MedianPositiveTrainingLabel;
        var zeroEdge = context.Edges.ZeroEdge;
        var topCount = TopCut.CountFor(context.TopFraction, n);
        var whaleCount = Math.Min(TopCut.CountFor(context.WhaleFraction, n), positiveCount);
        var targeted = byScore.TopCut(topCount);
        var whales = truth.TopCut(whaleCount);

        long sameStratum = 0;
        double total = 0, captured = 0, whalesFound = 0;
        for (var i = 0; i < n; i++)
        {
            var y = actual[i];
            if (Stratum(y, zeroEdge, threshold) == Stratum(predicted[i], zeroEdge, threshold))
                sameStratum++;
            var p = targeted.InclusionProbability(score[i]);
            total += y;
            captured += p * y;
            whalesFound += p * whales.InclusionProbability(y);
        }
        return new BusinessMetrics(
            (double)sameStratum / n,
            threshold,
            context.TopFraction,
            topCount,
            context.WhaleFraction,
            whaleCount,
            whaleCount > 0 ? whalesFound / whaleCount : double.NaN,
            total > 0 ? captured / total : double.NaN);
    }

    /// <summary>0 = zero (v &lt;= t_1), 1 = low (up to the threshold, inclusive), 2 = high.</summary>
    private static int Stratum(double value, double zeroEdge, double threshold) =>
        value <= zeroEdge ? 0 : value <= threshold ? 1 : 2;
}
