using CcOrNet.Core.Metrics;

namespace CcOrNet.Pipeline.Evaluation;

/// <summary>One model's predictions judged against the labels: every metric and the curves the report draws.</summary>
/// <param name="Name">The name given on the command line.</param>
/// <param name="Partition">The predictions partition folder read.</param>
/// <param name="ModelVersions">Distinct <c>model_version</c> values in it.</param>
/// <param name="AsOf">The predictions' <c>as_of</c>.</param>
/// <param name="PredictionRows">Rows in the partition.</param>
/// <param name="PredictionsWithoutLabel">Predicted users absent from the labels (left out of the metrics).</param>
/// <param name="LabelsWithoutPrediction">Labelled users this model did not score (left out for every model).</param>
/// <param name="Metrics">Every metric of <see cref="MetricsReport"/>: <c>ltv_pred</c> as the value, <c>ltv_expected</c> as the ranking score, the <c>bucket</c>, <c>p_bucket_*</c> and <c>p_payer</c> columns as given.</param>
/// <param name="Budget">Total predicted vs total actual for <c>ltv_expected</c> (the column to sum for budgets) and <c>ltv_pred</c>.</param>
/// <param name="ValueCaptured">Share of value held by the top k% by ranking score, at the options' fractions.</param>
/// <param name="Calibration">Mean predicted vs actual per predicted bucket, and predicted vs actual bucket shares.</param>
/// <param name="Lorenz">The Lorenz curve by ranking score and by the perfect order.</param>
public sealed record ModelEvaluation(
    string Name,
    string Partition,
    IReadOnlyList<string> ModelVersions,
    DateOnly AsOf,
    int PredictionRows,
    int PredictionsWithoutLabel,
    int LabelsWithoutPrediction,
    MetricsReport Metrics,
    BudgetError Budget,
    IReadOnlyList<CapturedValue> ValueCaptured,
    IReadOnlyList<BucketCalibration> Calibration,
    LorenzCurve Lorenz);
