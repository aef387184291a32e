namespace CcOrNet.Core.Monitoring;

/// <summary>
/// Population stability index (PSI): how far a distribution over fixed bins moved from a reference one.
/// </summary>
/// <remarks>
/// <para>PSI = sum over bins i of (a_i - e_i) * ln(a_i / e_i), where e are the reference shares and a the current
/// ones (each normalised to sum 1). It is the symmetrised Kullback-Leibler divergence, so it is 0 for identical
/// shares and grows with any move, in either direction.</para>
/// <para>A share of 0 would make a term infinite, so shares are floored at <c>floor</c> (1e-4 by default: a bin that
/// empties or appears counts as a large, finite shift).</para>
/// <para>The usual reading, from credit scoring: below 0.1 stable, 0.1 to 0.25 a moderate shift worth a look, above
/// 0.25 a major shift (<see cref="ModerateShift"/>, <see cref="MajorShift"/>).</para>
/// </remarks>
public static class PopulationStability
{
    public const double ModerateShift = 0.1;
    public const double MajorShift = 0.25;

    /// <summary>PSI of <paramref name="current"/> against <paramref name="reference"/>: shares or counts over the same bins.</summary>
    public static double Index(IReadOnlyList<double> reference, IReadOnlyList<double> current, double floor = 1e-4)
    {
        if (reference.Count != current.Count)
            throw new ArgumentException($"PSI needs the same bins: {reference.Count} reference shares against {current.Count} current ones");
        if (reference.Count == 0) throw new ArgumentException("PSI needs at least one bin");
        double referenceTotal = Total(reference, nameof(reference)), currentTotal = Total(current, nameof(current));
        double psi = 0;
        for (int i = 0; i < reference.Count; i++)
        {
            double e = Math.Max(reference[i] / referenceTotal, floor), a = Math.Max(current[i] / currentTotal, floor);
            psi += (a - e) * Math.Log(a / e);
        }
        return psi;
    }

    /// <summary>"stable", "moderate shift" or "major shift", by the thresholds above.</summary>
    public static string Reading(double psi) => psi < ModerateShift ? "stable" : psi <= MajorShift ? "moderate shift" : "major shift";

    private static double Total(IReadOnlyList<double> shares, string name)
    {
        double total = 0;
        foreach (double s in shares)
        {
            if (!double.IsFinite(s) || s < 0) throw new ArgumentException($"PSI shares must be finite and >= 0, got {s} in {name}", name);
            total += s;
        }
        if (total <= 0) throw new ArgumentException($"PSI shares of {name} sum to 0", name);
        return total;
    }
}
