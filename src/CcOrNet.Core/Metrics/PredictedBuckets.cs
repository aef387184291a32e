namespace CcOrNet.Core.Metrics;

/// <summary>The predicted bucket of every user, resolved once for the metrics that need it.</summary>
internal static class PredictedBuckets
{
    /// <summary>The given buckets, else the argmax of the bucket probabilities (lowest bucket on a tie), else b(yhat).</summary>
    public static int[] Of(ReadOnlySpan<double> predicted, EvaluationContext context)
    {
        if (context.PredictedBuckets is { } given)
            return given;
        var probabilities = context.BucketProbabilities;
        var buckets = new int[predicted.Length];
        for (var user = 0; user < buckets.Length; user++)
            buckets[user] = probabilities is null ? context.Edges.BucketOf(predicted[user]) : Argmax(probabilities, user);
        return buckets;
    }

    private static int Argmax(IReadOnlyList<double[]> probabilities, int user)
    {
        var best = 0;
        for (var b = 1; b < probabilities.Count; b++)
        {
            if (probabilities[b][user] > probabilities[best][user])
                best = b;
        }
        return best;
    }
}
