using CcOrNet.Core.Thresholds;

namespace CcOrNet.Pipeline.Evaluation;

/// <summary>The bucket edges and SVA split the metrics are computed with, and where they came from.</summary>
/// <param name="BucketEdges">t_1 .. t_{K-1}, t_1 = 1e-6 the zero edge.</param>
/// <param name="SvaSplit">The low/high stratum split of SVA: the median positive training label.</param>
/// <param name="Source">"thresholds" (the training thresholds file) or "labels" (quantiles of the evaluated labels).</param>
/// <param name="File">The thresholds file when <paramref name="Source"/> is "thresholds".</param>
public sealed record EvaluationEdges(IReadOnlyList<double> BucketEdges, double SvaSplit, string Source, string? File)
{
    public const string FromThresholdsFile = "thresholds";
    public const string FromLabels = "labels";

    /// <summary>K, the number of buckets.</summary>
    public int BucketCount => BucketEdges.Count + 1;

    /// <summary>The training thresholds' edges; the SVA split is their edge at quantile 0.5, else the middle edge (as the train job's validation).</summary>
    public static EvaluationEdges Of(BucketThresholds thresholds, string file)
    {
        int median = thresholds.Quantiles.ToList().IndexOf(0.5);
        double split = median >= 0 ? thresholds.BucketEdges[median + 1] : thresholds.BucketEdges[thresholds.BucketEdges.Count / 2];
        return new EvaluationEdges(thresholds.BucketEdges, split, FromThresholdsFile, Path.GetFullPath(file));
    }

    /// <summary>
    /// Edges from the evaluated labels themselves: the zero edge, then the given quantiles of the positive labels
    /// (linear interpolation, as the thresholds job's exact mode); the SVA split is their median.
    /// </summary>
    public static EvaluationEdges Of(IReadOnlyList<double> labels, IReadOnlyList<double> quantiles, string labelsDirectory)
    {
        var positives = labels.Where(y => y > BucketThresholds.ZeroEdge).Order().ToArray();
        if (positives.Length == 0)
            throw new InvalidDataException($"The labels in '{labelsDirectory}' have no positive value among {labels.Count} users: bucket edges need positive labels (or pass the training thresholds)");
        var edges = new List<double> { BucketThresholds.ZeroEdge };
        edges.AddRange(quantiles.Select(q => Quantile(positives, q)));
        for (int i = 1; i < edges.Count; i++)
            if (!(edges[i] > edges[i - 1]))
                throw new InvalidDataException(
                    $"Bucket edges from the labels in '{labelsDirectory}' do not increase ({edges[i - 1]:R} then {edges[i]:R} at quantiles [{string.Join(", ", quantiles)}] of {positives.Length} positive labels); pass the training thresholds instead");
        return new EvaluationEdges(edges, Quantile(positives, 0.5), FromLabels, null);
    }

    private static double Quantile(double[] sorted, double q)
    {
        double position = (sorted.Length - 1) * q;
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
