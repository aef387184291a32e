namespace CcOrNet.Synthetic.Population;

/// <summary>A market: its share of sign-ups, how much and how often its users buy, and its iOS share.</summary>
internal sealed record Country(string Code, double Weight, double SpendMultiplier, double PropensityMultiplier, double IosShare);
