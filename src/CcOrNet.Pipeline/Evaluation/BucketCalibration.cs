namespace CcOrNet.Pipeline.Evaluation;

/// <summary>Calibration of one bucket: do predicted values and probabilities match what happened.</summary>
/// <param name="Bucket">Bucket index, 0 = zero bucket.</param>
/// <param name="PredictedCount">Users whose predicted bucket is this one.</param>
/// <param name="MeanPredicted">Their mean <c>ltv_pred</c> (NaN when none).</param>
/// <param name="MeanExpected">Their mean <c>ltv_expected</c> (NaN when none).</param>
/// <param name="MeanActual">Their mean actual value (NaN when none): equal to the predicted means when calibrated.</param>
/// <param name="MeanProbability">Mean of <c>p_bucket_b</c> over all users: the predicted share of users in the bucket.</param>
/// <param name="ActualShare">Share of all users truly in the bucket.</param>
public sealed record BucketCalibration(
    int Bucket, int PredictedCount, double MeanPredicted, double MeanExpected, double MeanActual, double MeanProbability, double ActualShare);
