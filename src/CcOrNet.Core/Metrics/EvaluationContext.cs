namespace CcOrNet.Core.Metrics;

/// <summary>
/// Everything besides actual and predicted values that <see cref="MetricsReport.Compute"/> needs. Optional
/// per-user arrays are indexed like the actual values and must have the same length.
/// </summary>
public sealed record EvaluationContext
{
    /// <summary>Bucket edges of the model's thresholds; define true (and by default predicted) buckets.</summary>
    public required BucketEdges Edges { get; init; }

    /// <summary>
    /// The median positive training label: SVA's split between the low and high strata (values at or below it
    /// are low). Taken from training data so that evaluation never tunes it on the labels it scores.
    /// </summary>
    public required double MedianPositiveTrainingLabel { get; init; }

    /// <summary>
    /// The score users are ranked by for Gini, Spearman, Recall@k and value captured (the model ranks by
    /// <c>ltv_expected</c> while its values are <c>ltv_pred</c>). Defaults to the predicted values.
    /// </summary>
    public double[]? RankingScore { get; init; }

    /// <summary>
    /// Predicted bucket per user in <c>[0, K)</c>. Defaults to the argmax of <see cref="BucketProbabilities"/>
    /// (lowest bucket on a tie) if given, else to the bucket of the predicted value.
    /// </summary>
    public int[]? PredictedBuckets { get; init; }

    /// <summary>Bucket probabilities as K columns (one per bucket, like the <c>p_bucket</c> columns), each one value per user.</summary>
    public IReadOnlyList<double[]>? BucketProbabilities { get; init; }

    /// <summary>
    /// The payer score P(y &gt; 0) for payer AUC. Defaults to <c>1 - p_0</c> from <see cref="BucketProbabilities"/>
    /// if given, else to the ranking score.
    /// </summary>
    public double[]? PayerProbability { get; init; }

    /// <summary>The k of Recall@k and value captured: the fraction of users, by ranking score, that is targeted.</summary>
    public double TopFraction { get; init; } = 0.01;

    /// <summary>The fraction of users, by actual value, that counts as whales.</summary>
    public double WhaleFraction { get; init; } = 0.01;
}
