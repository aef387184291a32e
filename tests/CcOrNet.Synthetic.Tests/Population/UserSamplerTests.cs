using CcOrNet.Synthetic.Population;
using CcOrNet.Synthetic.Randomness;

namespace CcOrNet.Synthetic.Tests.Population;

public sealed class UserSamplerTests
{
    private static readonly UserProfile[] Users = Enumerable.Range(1, 40_000).Select(id =>
    {
        var random = new UserRandom(42, id);
        return UserSampler.Sample(id, ref random);
    }).ToArray();

    [Fact]
    public void Sample_IosUsers_SpendMoreThanAndroidUsers()
    {
        double ios = Users.Where(u => u.Platform == "ios").Average(u => u.SpendScale);
        double android = Users.Where(u => u.Platform == "android").Average(u => u.SpendScale);

        Assert.True(ios > 1.3 * android, $"iOS mean basket {ios:F1} vs Android {android:F1}");
    }

    [Fact]
    public void Sample_PaidSocialUsers_LeaveSoonerThanReferredUsers()
    {
        double social = Users.Where(u => u.Acquisition.Name == "social").Select(u => u.LifetimeDays).Order().ElementAt(Users.Count(u => u.Acquisition.Name == "social") / 2);
        double referral = Users.Where(u => u.Acquisition.Name == "referral").Select(u => u.LifetimeDays).Order().ElementAt(Users.Count(u => u.Acquisition.Name == "referral") / 2);

        Assert.True(social < 0.7 * referral, $"median lifetime social {social:F0} d vs referral {referral:F0} d");
    }

    [Fact]
    public void Sample_Population_HasNonBuyersAndASmallWhaleSegment()
    {
        double nonBuyers = Users.Count(u => u.PurchaseRate == 0) / (double)Users.Length;
        double whales = Users.Count(u => u.IsWhale) / (double)Users.Length;

        Assert.InRange(nonBuyers, 0.15, 0.45);
        Assert.InRange(whales, 0.003, 0.02);
    }

    [Fact]
    public void Sample_Signups_GrowOverTheHistory()
    {
        int firstYear = Users.Count(u => u.SignupDay < 365);
        int lastYear = Users.Count(u => u.SignupDay >= LakeCalendar.HistoryDays - 365);

        Assert.True(lastYear > 2 * firstYear, $"sign-ups first year {firstYear}, last year {lastYear}");
        Assert.All(Users, u => Assert.InRange(u.SignupDay, 0, LakeCalendar.HistoryDays));
    }
}
