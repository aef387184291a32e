namespace CcOrNet.Synthetic.Randomness;

/// <summary>
/// A SplitMix64 stream keyed by (seed, user id), so a user's content depends only on those two
/// numbers — not on threads, shards or the order users are generated in.
/// </summary>
internal struct UserRandom
{
    private const ulong Golden = 0x9E3779B97F4A7C15UL;
    private ulong _state;

    public UserRandom(ulong seed, long userId)
    {
        _state = Mix(seed ^ Mix(unchecked((ulong)userId * Golden + 0x632BE59BD9B4E019UL)));
    }

    public ulong NextUInt64()
    {
        _state = unchecked(_state + Golden);
        return Mix(_state);
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in (0, 1]: safe for logarithms.</summary>
    public double NextOpenDouble() => ((NextUInt64() >> 11) + 1) * (1.0 / (1UL << 53));

    public bool Chance(double probability) => NextDouble() < probability;

    /// <summary>Uniform integer in [0, count).</summary>
    public int NextInt(int count) => (int)((NextUInt64() >> 33) * (ulong)count >> 31);

    public double Uniform(double low, double high) => low + (high - low) * NextDouble();

    /// <summary>Standard normal (Box–Muller, one value per call for simplicity).</summary>
    public double Normal() => Math.Sqrt(-2.0 * Math.Log(NextOpenDouble())) * Math.Cos(2.0 * Math.PI * NextDouble());

    /// <summary>exp(N(mu, sigma)).</summary>
    public double LogNormal(double mu, double sigma) => Math.Exp(mu + sigma * Normal());

    /// <summary>Exponential waiting time with the given mean.</summary>
    public double Exponential(double mean) => -mean * Math.Log(NextOpenDouble());

    /// <summary>Pareto with scale <paramref name="minimum"/> and tail index <paramref name="alpha"/>.</summary>
    public double Pareto(double minimum, double alpha) => minimum * Math.Pow(NextOpenDouble(), -1.0 / alpha);

    /// <summary>Index drawn with probability proportional to <paramref name="cumulativeWeights"/> increments (last = total).</summary>
    public int Pick(ReadOnlySpan<double> cumulativeWeights)
    {
        double u = NextDouble() * cumulativeWeights[^1];
        for (int i = 0; i < cumulativeWeights.Length - 1; i++)
            if (u < cumulativeWeights[i]) return i;
        return cumulativeWeights.Length - 1;
    }

    private static ulong Mix(ulong z)
    {
        unchecked
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
