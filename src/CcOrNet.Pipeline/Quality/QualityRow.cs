namespace CcOrNet.Pipeline.Quality;

/// <summary>One model's metrics over the seeds.</summary>
/// <param name="Model">Variant name (see <see cref="QualityOptions.Models"/>).</param>
/// <param name="Metrics">
/// Every <c>MetricsReport.Scalars()</c> path of the report ranked by <c>ltv_expected</c> (e.g. <c>ranking.gini_normalized</c>),
/// plus <c>ranked_by_pred.*</c>: the ranking, ranking_positive and business groups with users ranked by the hard <c>ltv_pred</c>,
/// and <c>expected_as_value.regression.*</c>: the regression group with <c>ltv_expected</c> taken as the value.
/// </param>
/// <param name="TrainSeconds">Mean wall time of one training run (0 for the heuristic).</param>
/// <param name="ValueScales">Mean per-bucket value scale fitted by calibration (all 1 for models without one).</param>
public sealed record QualityRow(
    string Model,
    IReadOnlyDictionary<string, Spread> Metrics,
    double TrainSeconds,
    IReadOnlyList<double> ValueScales);
