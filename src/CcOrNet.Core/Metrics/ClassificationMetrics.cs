namespace CcOrNet.Core.Metrics;

/// <summary>How well users land in the right ordinal bucket, and how well payers and the top bucket are told from the rest.</summary>
/// <param name="BucketAccuracy">Share of users whose predicted bucket is their true bucket.</param>
/// <param name="Buckets">Precision, recall and F1 per bucket, bucket 0 first.</param>
/// <param name="TopBucketF1">F1 of the top bucket (K-1): are the high-value users found without false alarms.</param>
/// <param name="MacroF1">Mean F1 over the buckets whose F1 is defined.</param>
/// <param name="ConfusionMatrix">Counts with rows = true bucket, columns = predicted bucket.</param>
/// <param name="PayerAuc">ROC AUC of the payer score for y &gt; 0 (Mann-Whitney, ties count 1/2).</param>
/// <param name="TopBucketAuc">ROC AUC of the whale score (p of the top bucket, the <c>whale_score</c> column) for the true top bucket.</param>
/// <param name="TopBucketAveragePrecision">
/// Average precision of the whale score for the true top bucket (ties: expected over random orders): how well the whale
/// list is ordered, whatever threshold routes users; the threshold-free twin of <paramref name="TopBucketF1"/>.
/// </param>
public sealed record ClassificationMetrics(
    double BucketAccuracy,
    IReadOnlyList<BucketScores> Buckets,
    double TopBucketF1,
    double MacroF1,
    IReadOnlyList<IReadOnlyList<long>> ConfusionMatrix,
    double PayerAuc,
    double TopBucketAuc,
    double TopBucketAveragePrecision)
{
    internal static ClassificationMetrics Compute(
        ReadOnlySpan<double> actual, int[] predictedBuckets, EvaluationContext context, RankedValues byScore)
    {
        var edges = context.Edges;
        var k = edges.BucketCount;
        var confusion = new long[k, k];
        for (var i = 0; i < actual.Length; i++)
            confusion[edges.BucketOf(actual[i]), predictedBuckets[i]]++;

        long correct = 0;
        var scores = new BucketScores[k];
        double f1Sum = 0;
        var f1Count = 0;
        for (var b = 0; b < k; b++)
        {
            long support = 0, predictedCount = 0;
            for (var other = 0; other < k; other++)
            {
                support += confusion[b, other];
                predictedCount += confusion[other, b];
            }
            correct += confusion[b, b];
            scores[b] = BucketScores.From(b, confusion[b, b], support, predictedCount);
            if (!double.IsNaN(scores[b].F1))
            {
                f1Sum += scores[b].F1;
                f1Count++;
            }
        }

        var rows = new IReadOnlyList<long>[k];
        for (var b = 0; b < k; b++)
        {
            var row = new long[k];
            for (var c = 0; c < k; c++)
                row[c] = confusion[b, c];
            rows[b] = Array.AsReadOnly(row);
        }
        // One extra sorted key at a time: the payer score's is dropped before the whale score's is made.
        var payerAuc = RankStatistics.Auc(actual, 0, PayerScore(context, byScore).Ranks);
        var whaleScore = WhaleScore(context, byScore);
        return new ClassificationMetrics(
            (double)correct / actual.Length,
            Array.AsReadOnly(scores),
            scores[k - 1].F1,
            f1Count > 0 ? f1Sum / f1Count : double.NaN,
            Array.AsReadOnly(rows),
            payerAuc,
            RankStatistics.Auc(actual, edges.TopBucketEdge, whaleScore.Ranks),
            RankStatistics.AveragePrecision(actual, edges.TopBucketEdge, whaleScore));
    }

    /// <summary>The payer probability if given, else 1 - p_0 of the bucket probabilities, else the ranking score.</summary>
    private static RankedValues PayerScore(EvaluationContext context, RankedValues byScore)
    {
        if (context.PayerProbability is { } payer)
            return RankedValues.Of(payer);
        if (context.BucketProbabilities is not { } probabilities)
            return byScore;
        var zeroBucket = probabilities[0];
        var fromBuckets = new double[zeroBucket.Length];
        for (var i = 0; i < fromBuckets.Length; i++)
            fromBuckets[i] = 1 - zeroBucket[i];
        return RankedValues.Of(fromBuckets);
    }

    /// <summary>The whale score: p of the top bucket if bucket probabilities are given, else the ranking score.</summary>
    private static RankedValues WhaleScore(EvaluationContext context, RankedValues byScore) =>
        context.BucketProbabilities is { } probabilities ? RankedValues.Of(probabilities[^1]) : byScore;
}
