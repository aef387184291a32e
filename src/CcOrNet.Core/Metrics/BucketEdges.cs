namespace CcOrNet.Core.Metrics;

/// <summary>
/// Ordinal bucket edges <c>t_1 &lt; t_2 &lt; ... &lt; t_{K-1}</c> (<c>t_1 = 1e-6</c> by default). The bucket of a
/// value is the number of edges strictly below it, <c>b(y) = #{k : y &gt; t_k}</c>: bucket 0 is the zero
/// bucket (<c>y &lt;= t_1</c>), bucket <c>K-1</c> the top bucket, and a value equal to an edge belongs to the
/// bucket below it. How edges are computed and stored is the thresholds job's concern, not this type's.
/// </summary>
public sealed record BucketEdges
{
    private readonly double[] _edges;

    /// <summary>Creates edges from finite, non-negative, strictly increasing values (at least one).</summary>
    /// <exception cref="ArgumentException">The edges are empty, not finite, negative or not increasing.</exception>
    public BucketEdges(IEnumerable<double> edges)
    {
        ArgumentNullException.ThrowIfNull(edges);
        _edges = edges.ToArray();
        if (_edges.Length == 0)
            throw new ArgumentException("Bucket edges are empty; expected at least one edge (t_1 = 1e-6 separates the zero bucket).", nameof(edges));
        for (var k = 0; k < _edges.Length; k++)
        {
            if (!double.IsFinite(_edges[k]) || _edges[k] < 0)
                throw new ArgumentException($"Bucket edge {k} is {_edges[k]}; expected a finite value >= 0. Edges: {Format(_edges)}.", nameof(edges));
            if (k > 0 && _edges[k] <= _edges[k - 1])
                throw new ArgumentException($"Bucket edge {k} ({_edges[k]}) is not above edge {k - 1} ({_edges[k - 1]}); expected strictly increasing edges. Edges: {Format(_edges)}.", nameof(edges));
        }
        Values = Array.AsReadOnly(_edges);
    }

    /// <summary>The edges, ascending.</summary>
    public IReadOnlyList<double> Values { get; }

    /// <summary>Number of buckets K (one more than the number of edges).</summary>
    public int BucketCount => _edges.Length + 1;

    /// <summary>Index of the top bucket, K-1.</summary>
    public int TopBucket => _edges.Length;

    /// <summary>The first edge t_1: values at or below it are in the zero bucket.</summary>
    public double ZeroEdge => _edges[0];

    /// <summary>The last edge t_{K-1}: values above it are in the top bucket.</summary>
    public double TopBucketEdge => _edges[^1];

    /// <summary>The bucket of <paramref name="value"/>: the number of edges strictly below it.</summary>
    public int BucketOf(double value) => BucketOf(_edges, value);

    /// <summary>
    /// The bucket rule b(y) of DESIGN.md: the number of <paramref name="edges"/> (increasing) strictly below
    /// <paramref name="value"/>. The one definition that thresholds, metrics and the model all use.
    /// </summary>
    public static int BucketOf(IReadOnlyList<double> edges, double value)
    {
        // K is small (4 by default), so a scan that stops at the first edge not below the value is fastest.
        var bucket = 0;
        while (bucket < edges.Count && value > edges[bucket])
            bucket++;
        return bucket;
    }

    public bool Equals(BucketEdges? other) => other is not null && _edges.AsSpan().SequenceEqual(other._edges);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var edge in _edges)
            hash.Add(edge);
        return hash.ToHashCode();
    }

    public override string ToString() => $"BucketEdges {Format(_edges)}";

    private static string Format(double[] edges) =>
        "[" + string.Join(", ", edges.Select(e => e.ToString("R", System.Globalization.CultureInfo.InvariantCulture))) + "]";
}
