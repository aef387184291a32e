using CcOrNet.Synthetic.Population;
using CcOrNet.Synthetic.Randomness;

namespace CcOrNet.Synthetic.Behaviour;

/// <summary>
/// Turns a user's latents into events. Activity runs from sign-up until the user leaves for good, as
/// a chain of regimes: an eager first weeks, then stretches whose intensity drifts up or down, and
/// dormant spells the user may wake up from. Within a regime, purchases and sessions are seasonal
/// Poisson processes (drawn by thinning); some purchases are returned a few days later.
/// </summary>
internal static class EventSimulator
{
    private const double EagerStartMeanDays = 45;
    private const double RegimeMeanDays = 90;
    /// <summary>Log-scale spread of a regime's intensity: how far propensity drifts from stretch to stretch.</summary>
    private const double RegimeDrift = 0.8;
    private const double DormantShare = 0.25;
    private const double DormantMeanDays = 120;
    private const double DormantPurchaseMultiplier = 0.03;
    private const double DormantSessionMultiplier = 0.15;
    private const double MaxRegimeMultiplier = 6;
    /// <summary>Share of purchases preceded by a browsing session in the same hour.</summary>
    private const double SessionBeforePurchaseShare = 0.5;
    private const double FullReturnShare = 0.8;
    /// <summary>A safety bound on one user's scratch list; the rates make it practically unreachable.</summary>
    public const int MaxEventsPerUser = 20_000;

    public static void Simulate(UserProfile user, ref UserRandom random, List<SimulatedEvent> events)
    {
        events.Clear();
        double stop = Math.Min(user.SignupDay + user.LifetimeDays, LakeCalendar.HistoryDays);
        events.Add(Session(user, user.SignupDay, ref random));

        double t = user.SignupDay;
        bool first = true;
        while (t < stop && events.Count < MaxEventsPerUser)
        {
            double length, purchaseMultiplier, sessionMultiplier;
            if (first)
            {
                length = random.Exponential(EagerStartMeanDays);
                purchaseMultiplier = sessionMultiplier = random.LogNormal(0.3, 0.4);
                first = false;
            }
            else if (random.Chance(DormantShare))
            {
                length = random.Exponential(DormantMeanDays);
                purchaseMultiplier = DormantPurchaseMultiplier;
                sessionMultiplier = DormantSessionMultiplier;
            }
            else
            {
                length = random.Exponential(RegimeMeanDays);
                purchaseMultiplier = Math.Min(MaxRegimeMultiplier, random.LogNormal(0, RegimeDrift));
                sessionMultiplier = Math.Pow(purchaseMultiplier, 0.7);
            }

            double end = Math.Min(stop, t + length);
            EmitPurchases(user, t, end, user.PurchaseRate * purchaseMultiplier, ref random, events);
            EmitSessions(user, t, end, user.SessionRate * sessionMultiplier, ref random, events);
            t = end;
        }

        if (events.Count > MaxEventsPerUser) events.RemoveRange(MaxEventsPerUser, events.Count - MaxEventsPerUser);
        events.Sort(static (a, b) => a.Day.CompareTo(b.Day));
    }

    private static void EmitPurchases(UserProfile user, double from, double to, double rate, ref UserRandom random, List<SimulatedEvent> events)
    {
        if (rate <= 0) return;
        double mean = 1 / (rate * Seasonality.MaxPurchase);
        for (double day = from + random.Exponential(mean); day < to && events.Count < MaxEventsPerUser; day += random.Exponential(mean))
        {
            double season = Seasonality.Purchase[(int)day];
            if (random.NextDouble() * Seasonality.MaxPurchase >= season) continue;

            Category category = Catalog.Categories[PickCategory(user, ref random)];
            string channel = random.Pick(user.PurchaseChannelCumulative) switch
            {
                0 => EventChannels.App,
                1 => EventChannels.Web,
                _ => EventChannels.Store,
            };
            double giftBoost = season > 1.3 ? 1.15 : 1.0;
            double amount = Math.Max(1.0, Math.Round(user.SpendScale * category.PriceMultiplier * giftBoost * random.LogNormal(0, 0.6), 2));

            if (channel != EventChannels.Store && random.Chance(SessionBeforePurchaseShare))
                events.Add(new SimulatedEvent(Math.Max(from, day - random.Uniform(0, 1 / 24.0)), EventTypes.Session, 0, category.Name, channel));
            events.Add(new SimulatedEvent(day, EventTypes.Purchase, amount, category.Name, channel));

            if (random.Chance(category.ReturnRate))
            {
                double returnDay = day + random.Uniform(2, 30);
                double refunded = random.Chance(FullReturnShare) ? amount : Math.Round(amount * random.Uniform(0.2, 0.9), 2);
                if (returnDay < LakeCalendar.HistoryDays)
                    events.Add(new SimulatedEvent(returnDay, EventTypes.Return, -refunded, category.Name, channel));
            }
        }
    }

    private static void EmitSessions(UserProfile user, double from, double to, double rate, ref UserRandom random, List<SimulatedEvent> events)
    {
        if (rate <= 0) return;
        double mean = 1 / (rate * Seasonality.MaxSession);
        for (double day = from + random.Exponential(mean); day < to && events.Count < MaxEventsPerUser; day += random.Exponential(mean))
        {
            if (random.NextDouble() * Seasonality.MaxSession >= Seasonality.Session[(int)day]) continue;
            events.Add(Session(user, day, ref random));
        }
    }

    private static SimulatedEvent Session(UserProfile user, double day, ref UserRandom random)
    {
        string category = Catalog.Categories[PickCategory(user, ref random)].Name;
        string channel = random.Chance(user.AppSessionShare) ? EventChannels.App : EventChannels.Web;
        return new SimulatedEvent(day, EventTypes.Session, 0, category, channel);
    }

    private static int PickCategory(UserProfile user, ref UserRandom random) =>
        random.Chance(user.FavoriteShare) ? user.FavoriteCategory : random.Pick(Catalog.CategoryCumulative);
}
