namespace CcOrNet.Pipeline.Evaluation;

/// <summary>
/// Cumulative share of the actual value held by the top x share of users, ordered by the model's ranking score and by
/// the actual value itself (the perfect order), sampled at evenly spaced user shares.
/// </summary>
/// <param name="UserShare">x: 0 .. 1, ascending.</param>
/// <param name="Model">Share of value held by the top x users by ranking score (ties: expected over random orders).</param>
/// <param name="Perfect">The same by actual value: the best any ranking can do.</param>
public sealed record LorenzCurve(IReadOnlyList<double> UserShare, IReadOnlyList<double> Model, IReadOnlyList<double> Perfect);
