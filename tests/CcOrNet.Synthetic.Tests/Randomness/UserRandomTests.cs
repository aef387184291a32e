using CcOrNet.Synthetic.Randomness;

namespace CcOrNet.Synthetic.Tests.Randomness;

public sealed class UserRandomTests
{
    private static ulong[] First(ulong seed, long userId, int count)
    {
        var random = new UserRandom(seed, userId);
        var values = new ulong[count];
        for (int i = 0; i < count; i++) values[i] = random.NextUInt64();
        return values;
    }

    [Fact]
    public void NextUInt64_SameSeedAndUser_RepeatsTheStream()
    {
        Assert.Equal(First(42, 7, 100), First(42, 7, 100));
    }

    [Fact]
    public void NextUInt64_NeighbouringUsersOrSeeds_GiveUnrelatedStreams()
    {
        ulong[] user7 = First(42, 7, 100);

        Assert.Empty(user7.Intersect(First(42, 8, 100)));
        Assert.Empty(user7.Intersect(First(43, 7, 100)));
    }

    [Fact]
    public void Pick_Weights_AreRespected()
    {
        var random = new UserRandom(1, 1);
        int[] counts = new int[2];
        for (int i = 0; i < 20_000; i++) counts[random.Pick([1.0, 4.0])]++;

        Assert.InRange(counts[0] / 20_000.0, 0.23, 0.27);
    }

    [Fact]
    public void Draws_StayInTheirRanges()
    {
        var random = new UserRandom(5, 5);
        for (int i = 0; i < 10_000; i++)
        {
            Assert.InRange(random.NextDouble(), 0, 1 - 1e-17);
            Assert.InRange(random.NextOpenDouble(), 1e-17, 1);
            Assert.InRange(random.NextInt(7), 0, 6);
            Assert.True(random.Pareto(2, 1.5) >= 2);
        }
    }

    [Fact]
    public void Normal_HasUnitMoments()
    {
        var random = new UserRandom(9, 9);
        double[] values = Enumerable.Range(0, 50_000).Select(_ => random.Normal()).ToArray();

        Assert.InRange(values.Average(), -0.03, 0.03);
        Assert.InRange(values.Select(v => v * v).Average(), 0.96, 1.04);
    }
}
