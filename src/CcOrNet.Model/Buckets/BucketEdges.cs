namespace CcOrNet.Model.Buckets;

/// <summary>Ordinal bucket edges t_1 &lt; ... &lt; t_{K-1} on the raw label scale, giving K buckets.</summary>
/// <remarks>
/// Bucket b(y) = number of edges strictly below y: 0 is the zero bucket (y &lt;= t_1, t_1 = 1e-6 by default),
/// K-1 the top bucket. Bucket b &gt;= 1 spans (t_b, t_{b+1}], the top bucket (t_{K-1}, TopUpper]; TopUpper is a
/// high quantile of the training labels and only bounds predictions (labels above it stay in the top bucket).
/// </remarks>
/// <param name="Edges">K-1 strictly increasing positive edges.</param>
/// <param name="TopUpper">Upper end of the top bucket's prediction range, greater than the last edge.</param>
/// <param name="BucketMeans">Optional mean training label per bucket (K values); the ordinal baseline predicts them.</param>
public sealed record BucketEdges(IReadOnlyList<double> Edges, double TopUpper, IReadOnlyList<double>? BucketMeans = null)
{
    /// <summary>The paper's zero threshold: labels at or below it are non-payers.</summary>
    public const double ZeroThreshold = 1e-6;

    /// <summary>K, the number of buckets.</summary>
    public int BucketCount => Edges.Count + 1;

    /// <summary>Index of the top bucket, K-1.</summary>
    public int TopBucket => Edges.Count;

    /// <summary>Bucket of a raw label: the number of edges strictly below it.</summary>
    public int BucketOf(double label) => Core.Metrics.BucketEdges.BucketOf(Edges, label);

    /// <summary>Lower end of bucket b on the raw scale (0 for the zero bucket).</summary>
    public double Lower(int bucket) => bucket == 0 ? 0 : Edges[bucket - 1];

    /// <summary>Upper end of bucket b on the raw scale (TopUpper for the top bucket).</summary>
    public double Upper(int bucket) => bucket == TopBucket ? TopUpper : Edges[bucket];

    /// <summary>c_b: centre of bucket b on the log1p scale.</summary>
    public double LogCentre(int bucket) => (Math.Log(1 + Lower(bucket)) + Math.Log(1 + Upper(bucket))) / 2;

    /// <summary>r_b: half-width of bucket b on the log1p scale.</summary>
    public double LogHalfWidth(int bucket) => (Math.Log(1 + Upper(bucket)) - Math.Log(1 + Lower(bucket))) / 2;

    /// <summary>Value a bucket-only model predicts for bucket b: the training mean if known, else expm1(c_b); 0 for the zero bucket.</summary>
    public double Representative(int bucket) =>
        bucket == 0 ? 0 : BucketMeans?[bucket] ?? Math.Exp(LogCentre(bucket)) - 1;

    /// <summary>Throws one <see cref="ArgumentException"/> listing every broken rule.</summary>
    public BucketEdges Validate()
    {
        var errors = new List<string>();
        if (Edges.Count < 1) errors.Add("at least one edge (K >= 2 buckets) is required");
        for (int i = 0; i < Edges.Count; i++)
        {
            if (!(Edges[i] > 0) || double.IsInfinity(Edges[i])) errors.Add($"Edges[{i}] must be positive and finite (got {Edges[i]})");
            if (i > 0 && !(Edges[i] > Edges[i - 1])) errors.Add($"Edges must strictly increase: Edges[{i - 1}] = {Edges[i - 1]}, Edges[{i}] = {Edges[i]}");
        }
        if ((Edges.Count > 0 && !(TopUpper > Edges[^1])) || double.IsInfinity(TopUpper))
            errors.Add($"TopUpper must be finite and above the last edge {(Edges.Count > 0 ? Edges[^1] : double.NaN)} (got {TopUpper})");
        if (BucketMeans is not null && BucketMeans.Count != Edges.Count + 1)
            errors.Add($"BucketMeans needs one value per bucket: expected {Edges.Count + 1}, actual {BucketMeans.Count}");
        if (errors.Count > 0) throw new ArgumentException("Invalid bucket edges: " + string.Join("; ", errors));
        return this;
    }

    /// <summary>
    /// Edges from training labels as in the paper: t_1 = 1e-6, then the given quantiles of the positive labels;
    /// TopUpper = <paramref name="topQuantile"/> of all labels (at least just above the last edge); bucket means included.
    /// </summary>
    public static BucketEdges FromLabels(IReadOnlyList<double> labels, IReadOnlyList<double>? positiveQuantiles = null, double topQuantile = 0.999)
    {
        positiveQuantiles ??= [0.5, 0.75];
        var positives = labels.Where(y => y > ZeroThreshold).Order().ToArray();
        if (positives.Length == 0)
            throw new ArgumentException($"Cannot derive bucket edges: none of the {labels.Count} labels is above {ZeroThreshold}.");

        var edges = new List<double> { ZeroThreshold };
        foreach (double q in positiveQuantiles)
        {
            double edge = Quantile(positives, q);
            if (!(edge > edges[^1]))
                throw new ArgumentException($"Cannot derive bucket edges: quantile {q} of the positive labels is {edge}, not above the previous edge {edges[^1]} (too many ties).");
            edges.Add(edge);
        }
        double topUpper = Math.Max(Quantile(labels.Order().ToArray(), topQuantile), edges[^1] * 1.01 + 1e-6);

        var sums = new double[edges.Count + 1];
        var counts = new int[edges.Count + 1];
        var draft = new BucketEdges(edges, topUpper);
        foreach (double y in labels)
        {
            int b = draft.BucketOf(y);
            sums[b] += y;
            counts[b]++;
        }
        var means = sums.Select((s, b) => counts[b] > 0 ? s / counts[b] : draft.Representative(b)).ToArray();
        return (draft with { BucketMeans = means }).Validate();
    }

    private static double Quantile(double[] sorted, double q)
    {
        double position = q * (sorted.Length - 1);
        int low = (int)Math.Floor(position);
        int high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + (position - low) * (sorted[high] - sorted[low]);
    }
}
