using CcOrNet.Pipeline.Quality;

namespace CcOrNet.Pipeline.Tests.Quality;

public sealed class SpreadTests
{
    [Fact]
    public void Of_HandMadeValues_MeanSampleStdMinMax()
    {
        // mean (1 + 2 + 3 + 6) / 4 = 3; squared deviations 4 + 1 + 0 + 9 = 14; sample variance 14 / 3.
        var spread = Spread.Of([1, 2, 3, 6]);

        Assert.Equal(3, spread.Mean, 12);
        Assert.Equal(Math.Sqrt(14.0 / 3), spread.Std, 12);
        Assert.Equal(1, spread.Min);
        Assert.Equal(6, spread.Max);
        Assert.Equal(4, spread.Seeds);
    }

    [Fact]
    public void Of_OneSeed_ZeroStd()
    {
        var spread = Spread.Of([0.58]);

        Assert.Equal(0.58, spread.Mean);
        Assert.Equal(0, spread.Std);
        Assert.Equal(0.58, spread.Min);
        Assert.Equal(0.58, spread.Max);
    }

    [Fact]
    public void Of_AnUndefinedSeed_WholeSpreadUndefined()
    {
        var spread = Spread.Of([0.5, double.NaN, 0.7]);

        Assert.True(double.IsNaN(spread.Mean));
        Assert.True(double.IsNaN(spread.Std));
    }

    [Fact]
    public void Beats_SeparatedAndOverlappingSpreads()
    {
        var high = Spread.Of([0.70, 0.72, 0.74]); // 0.72 ± 0.02
        var low = Spread.Of([0.60, 0.62, 0.64]);  // 0.62 ± 0.02
        var close = Spread.Of([0.66, 0.70, 0.74]); // 0.70 ± 0.04

        Assert.True(high.BeatsHigher(low));
        Assert.True(low.BeatsLower(high));
        Assert.False(high.BeatsHigher(close));
        Assert.False(low.BeatsHigher(high));
    }

    [Fact]
    public void Of_NoValues_Throws() => Assert.Throws<ArgumentException>(() => Spread.Of([]));
}
