namespace CcOrNet.Synthetic.Population;

/// <summary>The fixed vocabularies of the synthetic platform and their effects on behaviour.</summary>
internal static class Catalog
{
    public static readonly Country[] Countries =
    [
        new("US", 0.30, 1.30, 1.10, 0.55),
        new("GB", 0.08, 1.20, 1.00, 0.50),
        new("DE", 0.08, 1.15, 1.00, 0.35),
        new("FR", 0.06, 1.05, 0.95, 0.30),
        new("CA", 0.04, 1.20, 1.00, 0.50),
        new("JP", 0.05, 1.25, 0.90, 0.65),
        new("AU", 0.04, 1.25, 1.00, 0.50),
        new("ES", 0.05, 0.90, 0.95, 0.25),
        new("BR", 0.10, 0.60, 0.90, 0.15),
        new("MX", 0.06, 0.55, 0.90, 0.15),
        new("IN", 0.14, 0.35, 0.85, 0.05),
    ];

    public static readonly AcquisitionChannel[] AcquisitionChannels =
    [
        new("organic", 0.40, 1.10, 1.20),
        new("paid_search", 0.20, 1.00, 0.75),
        new("social", 0.20, 0.80, 0.60),
        new("referral", 0.12, 1.20, 1.40),
        new("affiliate", 0.08, 0.90, 0.65),
    ];

    public static readonly Category[] Categories =
    [
        new("electronics", 0.12, 3.00, 0.06),
        new("fashion", 0.22, 1.00, 0.20),
        new("home", 0.14, 1.60, 0.07),
        new("beauty", 0.14, 0.60, 0.04),
        new("grocery", 0.18, 0.40, 0.01),
        new("sports", 0.08, 1.20, 0.08),
        new("toys", 0.06, 0.80, 0.05),
        new("books", 0.06, 0.50, 0.03),
    ];

    public const string Ios = "ios";
    public const string Android = "android";
    public const string Web = "web";

    /// <summary>Share of users on the web platform, the same in every market.</summary>
    public const double WebPlatformShare = 0.15;

    public static readonly double[] CountryCumulative = Cumulative(Countries.Select(c => c.Weight));
    public static readonly double[] AcquisitionCumulative = Cumulative(AcquisitionChannels.Select(c => c.Weight));
    public static readonly double[] CategoryCumulative = Cumulative(Categories.Select(c => c.Weight));

    private static double[] Cumulative(IEnumerable<double> weights)
    {
        double total = 0;
        return weights.Select(w => total += w).ToArray();
    }
}
