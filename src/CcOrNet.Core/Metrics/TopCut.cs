namespace CcOrNet.Core.Metrics;

/// <summary>
/// A tie-aware "top m by key" selection. Keys above <see cref="Key"/> are selected, keys equal to it are
/// selected with probability <see cref="TieWeight"/> (the share of the tie group's members that fit in the
/// top m), keys below are not. The probabilities sum to exactly m.
/// </summary>
internal readonly record struct TopCut(double Key, double TieWeight)
{
    /// <summary>The probability that a user with this key is among the top m under a random tie order.</summary>
    public double InclusionProbability(double key) => key > Key ? 1 : key == Key ? TieWeight : 0;

    /// <summary>The number of users selected by "the top <paramref name="fraction"/> of <paramref name="n"/>": ceil(fraction * n), at least 1.</summary>
    public static int CountFor(double fraction, int n)
    {
        // The relative nudge keeps float noise (0.07 * 100 = 7.000000000000001) from adding a user.
        var count = (int)Math.Ceiling(fraction * n * (1 - 1e-12));
        return Math.Clamp(count, 1, n);
    }
}
