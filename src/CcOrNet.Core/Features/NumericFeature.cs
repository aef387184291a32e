namespace CcOrNet.Core.Features;

/// <summary>A numeric feature column.</summary>
/// <param name="Name">Column name.</param>
/// <param name="HeavyTailed">True for money and count features: normalise on the signed log1p scale.</param>
public sealed record NumericFeature(string Name, bool HeavyTailed);
