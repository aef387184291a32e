namespace CcOrNet.Core.Thresholds;

/// <summary>Rows the thresholds were computed from.</summary>
/// <param name="Users">Rows of the features table.</param>
/// <param name="PositiveLabels">Users with <c>ltv</c> above the zero edge.</param>
public sealed record RowCounts(long Users, long PositiveLabels);
