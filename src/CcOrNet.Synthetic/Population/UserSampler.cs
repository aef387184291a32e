using CcOrNet.Synthetic.Randomness;

namespace CcOrNet.Synthetic.Population;

/// <summary>
/// Draws a user's attributes and latents. Attributes move the latents (iOS and rich markets spend
/// more, paid channels leave sooner) so that a model can learn from them, but only partly.
/// </summary>
internal static class UserSampler
{
    /// <summary>Sign-ups per day triple over the history: a growing platform.</summary>
    private const double GrowthOverHistory = 3.0;
    private const double BaseBuyerShare = 0.80;
    private const double MedianDaysBetweenPurchases = 50;
    private const double MedianBasket = 25;
    private const double WhaleShareOfBuyers = 0.015;
    /// <summary>Share of users (before the channel's effect) who try the platform and leave within weeks.</summary>
    private const double QuickChurnShare = 0.12;
    private const double QuickChurnMeanDays = 15;
    /// <summary>Mean lifetime of users who stay past the first weeks, before channel and buyer effects.</summary>
    private const double MeanLifetimeDays = 650;

    public static UserProfile Sample(long userId, ref UserRandom random)
    {
        double signupDay = SignupDay(ref random);
        Country country = Catalog.Countries[random.Pick(Catalog.CountryCumulative)];
        string platform = random.Chance(Catalog.WebPlatformShare) ? Catalog.Web
            : random.Chance(country.IosShare / (1 - Catalog.WebPlatformShare)) ? Catalog.Ios : Catalog.Android;
        AcquisitionChannel acquisition = Catalog.AcquisitionChannels[random.Pick(Catalog.AcquisitionCumulative)];
        int age = (int)Math.Min(80, 18 + random.LogNormal(Math.Log(17), 0.5));

        double platformPropensity = platform switch { Catalog.Ios => 1.10, Catalog.Android => 0.95, _ => 0.90 };
        double platformSpend = platform switch { Catalog.Ios => 1.35, Catalog.Android => 0.85, _ => 1.0 };
        double propensity = country.PropensityMultiplier * acquisition.PropensityMultiplier * platformPropensity;
        double ageSpend = 0.7 + 0.6 * Math.Exp(-Math.Pow((age - 45) / 15.0, 2));

        bool buyer = random.Chance(Math.Min(0.95, BaseBuyerShare * propensity));
        double purchaseRate = buyer ? Math.Min(0.3, random.LogNormal(Math.Log(1 / MedianDaysBetweenPurchases), 0.7) * propensity) : 0;
        double spendScale = random.LogNormal(Math.Log(MedianBasket), 0.6) * country.SpendMultiplier * platformSpend * ageSpend;

        bool whale = buyer && random.Chance(WhaleShareOfBuyers * platformSpend * country.SpendMultiplier);
        if (whale)
        {
            // Half of the whales buy often; the other half are collectors with rare, very large
            // purchases whose recent history often looks quiet.
            bool collector = random.Chance(0.5);
            if (collector) purchaseRate = random.LogNormal(Math.Log(1 / 150.0), 0.4);
            spendScale *= Math.Min(60, random.Pareto(collector ? 5 : 1.5, 2.0));
        }

        // Browsing goes with buying: frequent buyers browse more, but sessions are noisier than purchases.
        double sessionRate = buyer
            ? random.LogNormal(Math.Log(0.02), 0.6) * Math.Pow(purchaseRate * MedianDaysBetweenPurchases, 0.4)
            : random.LogNormal(Math.Log(0.02), 0.9);

        double lifetime = random.Chance(QuickChurnShare / Math.Sqrt(acquisition.LifetimeMultiplier))
            ? random.Exponential(QuickChurnMeanDays)
            : random.Exponential(MeanLifetimeDays * acquisition.LifetimeMultiplier * (buyer ? 1.2 : 0.7));

        // Channel mix: mobile users buy in the app, web users on the web, everyone sometimes in a store.
        double storeShare = Math.Min(0.6, (platform == Catalog.Web ? 0.2 : 0.15) * random.LogNormal(0, 0.5));
        double appShare = platform == Catalog.Web ? 0.05 : 0.7 + 0.25 * random.NextDouble();
        double onlineShare = 1 - storeShare;
        double app = onlineShare * appShare;

        return new UserProfile
        {
            UserId = userId,
            SignupDay = signupDay,
            Country = country,
            Platform = platform,
            Acquisition = acquisition,
            Age = age,
            PurchaseRate = purchaseRate,
            SessionRate = Math.Min(1.0, sessionRate),
            SpendScale = spendScale,
            LifetimeDays = lifetime,
            FavoriteCategory = random.Pick(Catalog.CategoryCumulative),
            FavoriteShare = random.Uniform(0.3, 0.9),
            PurchaseChannelCumulative = [app, onlineShare, 1.0],
            AppSessionShare = platform == Catalog.Web ? 0.1 : 0.85,
            IsWhale = whale,
        };
    }

    /// <summary>Inverse CDF of an exponentially growing sign-up density over the history.</summary>
    private static double SignupDay(ref UserRandom random)
    {
        double days = LakeCalendar.HistoryDays;
        double growth = Math.Log(GrowthOverHistory) / days;
        return Math.Log(1 + random.NextDouble() * (GrowthOverHistory - 1)) / growth;
    }
}
