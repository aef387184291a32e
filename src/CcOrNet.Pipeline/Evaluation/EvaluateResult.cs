namespace CcOrNet.Pipeline.Evaluation;

/// <summary>What <see cref="EvaluateJob"/> wrote.</summary>
/// <param name="OutputDirectory">The committed report folder.</param>
/// <param name="MetricsFile">Its metrics.json.</param>
/// <param name="ReportFile">Its report.html.</param>
/// <param name="Metrics">The content of metrics.json.</param>
/// <param name="Elapsed">Wall time of the job.</param>
public sealed record EvaluateResult(string OutputDirectory, string MetricsFile, string ReportFile, EvaluationMetrics Metrics, TimeSpan Elapsed);
