namespace CcOrNet.Core.Metrics;

/// <summary>One bucket seen as a one-vs-rest classification.</summary>
/// <param name="Bucket">Bucket index, 0 = zero bucket.</param>
/// <param name="Support">Users truly in the bucket (TP + FN).</param>
/// <param name="PredictedCount">Users predicted in the bucket (TP + FP).</param>
/// <param name="Precision">TP / (TP + FP); NaN when nobody is predicted in the bucket.</param>
/// <param name="Recall">TP / (TP + FN); NaN when nobody is truly in the bucket.</param>
/// <param name="F1">2TP / (2TP + FP + FN): 0 when the bucket is never predicted but exists, NaN only when it is absent from both sides.</param>
public sealed record BucketScores(int Bucket, long Support, long PredictedCount, double Precision, double Recall, double F1)
{
    internal static BucketScores From(int bucket, long truePositives, long support, long predicted)
    {
        var falsePositives = predicted - truePositives;
        var falseNegatives = support - truePositives;
        var f1Denominator = 2 * truePositives + falsePositives + falseNegatives;
        return new BucketScores(
            bucket,
            support,
            predicted,
            predicted > 0 ? (double)truePositives / predicted : double.NaN,
            support > 0 ? (double)truePositives / support : double.NaN,
            f1Denominator > 0 ? 2.0 * truePositives / f1Denominator : double.NaN);
    }
}
