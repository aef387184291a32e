namespace CcOrNet.Pipeline.Quality;

/// <summary>One model and seed's test metrics, flattened to metric paths (see <see cref="QualityRow.Metrics"/>).</summary>
/// <param name="Scalars">Metric path -> value.</param>
/// <param name="TrainSeconds">Wall time of the training run (0 for the heuristic).</param>
/// <param name="ValueScales">Per-bucket value scales fitted by calibration (all 1 without one).</param>
internal sealed record SeedRun(IReadOnlyDictionary<string, double> Scalars, double TrainSeconds, IReadOnlyList<double> ValueScales);
