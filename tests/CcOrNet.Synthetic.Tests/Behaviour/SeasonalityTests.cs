using CcOrNet.Synthetic.Behaviour;

namespace CcOrNet.Synthetic.Tests.Behaviour;

public sealed class SeasonalityTests
{
    private static double Mean(Func<DateOnly, bool> when) =>
        Enumerable.Range(0, LakeCalendar.HistoryDays)
            .Where(i => when(LakeCalendar.HistoryStart.AddDays(i)))
            .Average(i => Seasonality.Purchase[i]);

    [Theory]
    [InlineData(2023, 11, 24)]
    [InlineData(2024, 11, 29)]
    [InlineData(2025, 11, 28)]
    public void BlackFriday_IsTheDayAfterTheFourthThursdayOfNovember(int year, int month, int day)
    {
        Assert.Equal(new DateOnly(year, month, day), Seasonality.BlackFriday(year));
    }

    [Fact]
    public void Purchase_NovemberAndDecember_PeakAboveTheRestOfTheYear()
    {
        double holidays = Mean(d => d.Month >= 11);
        double rest = Mean(d => d.Month < 11);

        Assert.True(holidays > 1.4 * rest, $"Nov/Dec {holidays:F2} vs rest {rest:F2}");
    }

    [Fact]
    public void Purchase_Weekends_AreBusierThanMidweek()
    {
        double weekend = Mean(d => d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday);
        double midweek = Mean(d => d.DayOfWeek is DayOfWeek.Tuesday or DayOfWeek.Wednesday);

        Assert.True(weekend > 1.1 * midweek, $"weekend {weekend:F2} vs midweek {midweek:F2}");
    }

    [Fact]
    public void Session_IsADampedPurchaseRhythm()
    {
        Assert.Equal(LakeCalendar.HistoryDays, Seasonality.Session.Length);
        double sessionSwing = Seasonality.MaxSession / Seasonality.Session.Min();
        double purchaseSwing = Seasonality.MaxPurchase / Seasonality.Purchase.Min();

        Assert.InRange(sessionSwing, 1.2, purchaseSwing * 0.8);
    }
}
