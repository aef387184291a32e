namespace CcOrNet.Synthetic.Behaviour;

/// <summary>
/// Day-by-day intensity multipliers over the history: a weekly rhythm (weekends busier) and a
/// yearly one (January lull, summer sale, Black Friday week, December gift season).
/// </summary>
internal static class Seasonality
{
    private static readonly double[] PurchaseByWeekday = [1.15, 0.90, 0.90, 0.95, 1.00, 1.10, 1.20]; // Sunday first
    private static readonly double[] PurchaseByMonth = [0.80, 0.85, 0.95, 0.95, 1.00, 1.00, 1.10, 0.95, 0.95, 1.00, 1.45, 1.60];

    /// <summary>Purchase intensity per day index since the history start.</summary>
    public static readonly double[] Purchase = Build(purchases: true);

    /// <summary>Session intensity per day: the same shape, damped (people browse all year).</summary>
    public static readonly double[] Session = Build(purchases: false);

    public static readonly double MaxPurchase = Purchase.Max();
    public static readonly double MaxSession = Session.Max();

    private static double[] Build(bool purchases)
    {
        var days = new double[LakeCalendar.HistoryDays];
        for (int i = 0; i < days.Length; i++)
        {
            DateOnly day = LakeCalendar.HistoryStart.AddDays(i);
            double m = PurchaseByWeekday[(int)day.DayOfWeek] * PurchaseByMonth[day.Month - 1] * Peak(day);
            days[i] = purchases ? m : Math.Sqrt(m);
        }
        return days;
    }

    /// <summary>Black Friday to Cyber Monday and the last shopping days before Christmas.</summary>
    private static double Peak(DateOnly day)
    {
        DateOnly blackFriday = BlackFriday(day.Year);
        if (day >= blackFriday && day <= blackFriday.AddDays(3)) return 2.2;
        if (day.Month == 12 && day.Day is >= 10 and <= 22) return 1.3;
        if (day.Month == 12 && day.Day >= 25) return 0.7;
        return 1.0;
    }

    internal static DateOnly BlackFriday(int year)
    {
        var first = new DateOnly(year, 11, 1);
        int toThursday = ((int)DayOfWeek.Thursday - (int)first.DayOfWeek + 7) % 7;
        return first.AddDays(toThursday + 21 + 1);
    }
}
