namespace CcOrNet.Synthetic.Population;

/// <summary>A product category: how popular, how expensive and how often returned.</summary>
internal sealed record Category(string Name, double Weight, double PriceMultiplier, double ReturnRate);
