using CcOrNet.Core.Thresholds;
using CcOrNet.Engines;

namespace CcOrNet.Pipeline.Thresholds;

/// <summary>Options of <see cref="ThresholdsJob"/> (<c>ccornet thresholds</c>); defaults live here.</summary>
public sealed record ThresholdsOptions
{
    /// <summary>A labelled features folder written by the features job.</summary>
    public required string FeaturesDirectory { get; init; }

    /// <summary>The thresholds JSON file to write.</summary>
    public required string OutputFile { get; init; }

    /// <summary>K: the zero bucket, then one bucket per quantile edge, then the top bucket.</summary>
    public int Buckets { get; init; } = 4;

    /// <summary>K - 2 quantiles of the positive labels giving edges t_2..t_{K-1}.</summary>
    public IReadOnlyList<double> Quantiles { get; init; } = [0.5, 0.75];

    public QuantileMode Mode { get; init; } = QuantileMode.Exact;

    /// <summary>Quantile of the positive labels used as the top bucket's upper edge.</summary>
    public double TopEdgeQuantile { get; init; } = 0.999;

    /// <summary>Rows a categorical value needs to get its own vocabulary index (rarer values share the OOV slot 0).</summary>
    public long MinCategoryCount { get; init; } = 20;

    /// <summary>Fewer positive labels than this cannot give trustworthy quantile edges.</summary>
    public long MinPositiveLabels { get; init; } = 20;

    public EngineSettings Engine { get; init; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> listing every broken rule.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(FeaturesDirectory)) problems.Add("features directory is required");
        if (string.IsNullOrWhiteSpace(OutputFile)) problems.Add("output file is required");
        if (Buckets < 2) problems.Add($"buckets must be at least 2, got {Buckets}");
        if (Quantiles.Count != Buckets - 2) problems.Add($"expected {Buckets - 2} quantiles for {Buckets} buckets, got {Quantiles.Count}");
        if (Quantiles.Any(q => !(q > 0 && q < 1))) problems.Add($"quantiles must be in (0, 1), got [{string.Join(", ", Quantiles)}]");
        if (Quantiles.Zip(Quantiles.Skip(1)).Any(p => !(p.Second > p.First))) problems.Add($"quantiles must increase, got [{string.Join(", ", Quantiles)}]");
        double last = Quantiles.Count > 0 ? Quantiles.Max() : 0;
        if (!(TopEdgeQuantile > last && TopEdgeQuantile <= 1)) problems.Add($"top edge quantile must be in ({last}, 1], got {TopEdgeQuantile}");
        if (MinCategoryCount < 1) problems.Add($"min category count must be at least 1, got {MinCategoryCount}");
        if (MinPositiveLabels < 1) problems.Add($"min positive labels must be at least 1, got {MinPositiveLabels}");
        problems.AddRange(Engine.Problems());
        if (problems.Count > 0) throw new ArgumentException("Thresholds options are not valid: " + string.Join("; ", problems));
    }
}
