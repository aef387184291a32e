using CcOrNet.Core.Monitoring;

namespace CcOrNet.Core.Tests.Monitoring;

public sealed class PopulationStabilityTests
{
    [Fact]
    public void Index_HandWorked_TwoBins()
    {
        // (0.25 - 0.5) ln(0.25 / 0.5) + (0.75 - 0.5) ln(0.75 / 0.5) = 0.25 ln 2 + 0.25 ln 1.5
        double psi = PopulationStability.Index([0.5, 0.5], [0.25, 0.75]);

        Assert.Equal(0.25 * Math.Log(2) + 0.25 * Math.Log(1.5), psi, 12);
        Assert.Equal(0.274653, psi, 6);
    }

    [Fact]
    public void Index_CountsAreNormalised_AndIdenticalSharesGiveZero()
    {
        Assert.Equal(0, PopulationStability.Index([10, 30, 60], [1, 3, 6]), 12);
        Assert.Equal(PopulationStability.Index([0.5, 0.5], [0.25, 0.75]), PopulationStability.Index([200, 200], [100, 300]), 12);
    }

    [Fact]
    public void Index_IsSymmetric()
    {
        Assert.Equal(PopulationStability.Index([0.7, 0.2, 0.1], [0.5, 0.3, 0.2]), PopulationStability.Index([0.5, 0.3, 0.2], [0.7, 0.2, 0.1]), 12);
    }

    [Fact]
    public void Index_EmptyBin_FlooredToALargeFiniteShift()
    {
        // Reference [1, 0] floored to [1, 1e-4]: (0.5 - 1) ln(0.5) + (0.5 - 1e-4) ln(0.5 / 1e-4)
        double psi = PopulationStability.Index([1, 0], [0.5, 0.5]);

        Assert.Equal(-0.5 * Math.Log(0.5) + (0.5 - 1e-4) * Math.Log(5000), psi, 12);
        Assert.Equal("major shift", PopulationStability.Reading(psi));
    }

    [Theory]
    [InlineData(0.05, "stable")]
    [InlineData(0.1, "moderate shift")]
    [InlineData(0.25, "moderate shift")]
    [InlineData(0.26, "major shift")]
    public void Reading_ByTheUsualThresholds(double psi, string reading) => Assert.Equal(reading, PopulationStability.Reading(psi));

    [Fact]
    public void Index_BadInput_NamesTheProblem()
    {
        Assert.Contains("same bins", Assert.Throws<ArgumentException>(() => PopulationStability.Index([0.5, 0.5], [1.0])).Message);
        Assert.Contains("finite and >= 0", Assert.Throws<ArgumentException>(() => PopulationStability.Index([0.5, double.NaN], [0.5, 0.5])).Message);
        Assert.Contains("finite and >= 0", Assert.Throws<ArgumentException>(() => PopulationStability.Index([0.5, 0.5], [-0.1, 1.1])).Message);
        Assert.Contains("sum to 0", Assert.Throws<ArgumentException>(() => PopulationStability.Index([0, 0], [0.5, 0.5])).Message);
    }
}
