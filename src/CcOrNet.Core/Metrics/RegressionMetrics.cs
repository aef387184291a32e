namespace CcOrNet.Core.Metrics;

/// <summary>How close the predicted values are to the actual ones, in money terms.</summary>
/// <param name="MeanActual">Mean actual value ybar.</param>
/// <param name="MeanPredicted">Mean predicted value.</param>
/// <param name="Nmae">sum |y - yhat| / sum y. NaN when sum y = 0.</param>
/// <param name="Rmse">sqrt(mean (y - yhat)^2).</param>
/// <param name="Nrmse">RMSE / mean y. NaN when mean y = 0.</param>
/// <param name="Ambe">|mean yhat - mean y|: the absolute mean bias, what a budget built on the predictions misses per user.</param>
/// <param name="TopBucketCount">Users whose actual value is in the top bucket.</param>
/// <param name="AmbeTopBucket">AMBE among users truly in the top bucket ("whale bias"); NaN when there are none.</param>
/// <param name="PredictedTopBucketCount">Users the model puts in the top bucket.</param>
/// <param name="AmbePredictedTopBucket">
/// AMBE among users the model puts in the top bucket: what a budget for that tier misses per user, and where the
/// targeted high-value head acts (it changes only the routed users' values); NaN when nobody is routed there.
/// </param>
/// <param name="PositiveCount">Users with y &gt; 0.</param>
/// <param name="MapePositive">mean over y &gt; 0 of |y - yhat| / y; NaN when there are none.</param>
/// <param name="Deciles">Mean predicted vs actual per predicted decile, highest first.</param>
public sealed record RegressionMetrics(
    double MeanActual,
    double MeanPredicted,
    double Nmae,
    double Rmse,
    double Nrmse,
    double Ambe,
    int TopBucketCount,
    double AmbeTopBucket,
    int PredictedTopBucketCount,
    double AmbePredictedTopBucket,
    int PositiveCount,
    double MapePositive,
    IReadOnlyList<DecileRow> Deciles)
{
    internal static RegressionMetrics Compute(
        ReadOnlySpan<double> actual, ReadOnlySpan<double> predicted, int[] predictedBuckets, BucketEdges edges, RankedValues byPredicted)
    {
        var n = actual.Length;
        double sumActual = 0, sumPredicted = 0, sumAbsolute = 0, sumSquared = 0;
        double topActual = 0, topPredicted = 0, routedActual = 0, routedPredicted = 0, sumRelative = 0;
        int topCount = 0, routedCount = 0, positives = 0;
        var topBucketFloor = edges.TopBucketEdge;
        for (var i = 0; i < n; i++)
        {
            var y = actual[i];
            var error = y - predicted[i];
            sumActual += y;
            sumPredicted += predicted[i];
            sumAbsolute += Math.Abs(error);
            sumSquared += error * error;
            if (y > topBucketFloor)
            {
                topCount++;
                topActual += y;
                topPredicted += predicted[i];
            }
            if (predictedBuckets[i] == edges.TopBucket)
            {
                routedCount++;
                routedActual += y;
                routedPredicted += predicted[i];
            }
            if (y > 0)
            {
                positives++;
                sumRelative += Math.Abs(error) / y;
            }
        }
        var meanActual = sumActual / n;
        var meanPredicted = sumPredicted / n;
        var rmse = Math.Sqrt(sumSquared / n);
        return new RegressionMetrics(
            meanActual,
            meanPredicted,
            sumActual > 0 ? sumAbsolute / sumActual : double.NaN,
            rmse,
            meanActual > 0 ? rmse / meanActual : double.NaN,
            Math.Abs(meanPredicted - meanActual),
            topCount,
            topCount > 0 ? Math.Abs(topPredicted - topActual) / topCount : double.NaN,
            routedCount,
            routedCount > 0 ? Math.Abs(routedPredicted - routedActual) / routedCount : double.NaN,
            positives,
            positives > 0 ? sumRelative / positives : double.NaN,
            DecileRow.Table(actual, predicted, byPredicted));
    }
}
