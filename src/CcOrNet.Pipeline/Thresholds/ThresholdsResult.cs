using CcOrNet.Core.Thresholds;

namespace CcOrNet.Pipeline.Thresholds;

/// <summary>What <see cref="ThresholdsJob"/> wrote.</summary>
/// <param name="OutputFile">The committed thresholds JSON.</param>
/// <param name="Thresholds">Its content.</param>
/// <param name="Elapsed">Wall time of the job.</param>
public sealed record ThresholdsResult(string OutputFile, BucketThresholds Thresholds, TimeSpan Elapsed);
