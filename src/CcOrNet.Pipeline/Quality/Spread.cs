namespace CcOrNet.Pipeline.Quality;

/// <summary>
/// Mean and spread of one metric over seeds: sample standard deviation (n - 1; 0 for one seed), min and max.
/// NaN when any seed's value is NaN (an undefined metric stays visibly undefined).
/// </summary>
public sealed record Spread(double Mean, double Std, double Min, double Max, int Seeds)
{
    public static Spread Of(IReadOnlyList<double> values)
    {
        if (values.Count == 0) throw new ArgumentException("A spread needs at least one value; got none.", nameof(values));
        if (values.Any(double.IsNaN)) return new Spread(double.NaN, double.NaN, double.NaN, double.NaN, values.Count);
        double mean = values.Average();
        double std = values.Count == 1 ? 0 : Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
        return new Spread(mean, std, values.Min(), values.Max(), values.Count);
    }

    /// <summary>True when this mean is above <paramref name="other"/>'s by more than both standard deviations combined.</summary>
    public bool BeatsHigher(Spread other) => Mean - Std > other.Mean + other.Std;

    /// <summary>True when this mean is below <paramref name="other"/>'s by more than both standard deviations combined.</summary>
    public bool BeatsLower(Spread other) => Mean + Std < other.Mean - other.Std;
}
