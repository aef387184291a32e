namespace CcOrNet.Pipeline.Evaluation;

/// <summary>Options of <see cref="EvaluateJob"/> (<c>ccornet evaluate</c>); defaults live here.</summary>
public sealed record EvaluateOptions
{
    /// <summary>One or more models' predictions, compared side by side on the users they all scored.</summary>
    public required IReadOnlyList<PredictionSource> Predictions { get; init; }

    /// <summary>A labelled features folder (column <c>ltv</c>) with the same as-of date as the predictions.</summary>
    public required string LabelsDirectory { get; init; }

    /// <summary>The report folder to create (replaced atomically): metrics.json and report.html.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>
    /// The training thresholds JSON: bucket edges and the SVA split. Without it both come from the labels
    /// themselves at <see cref="FallbackQuantiles"/>, which flatters bucket metrics slightly (recorded in metrics.json).
    /// </summary>
    public string? ThresholdsFile { get; init; }

    /// <summary>Quantiles of the positive labels giving the inner edges when no thresholds file is given (the thresholds job's default).</summary>
    public IReadOnlyList<double> FallbackQuantiles { get; init; } = [0.5, 0.75];

    /// <summary>k of Recall@k and value captured: the fraction of users targeted by predicted rank.</summary>
    public double TopFraction { get; init; } = 0.01;

    /// <summary>The fraction of users, by actual value, that counts as whales.</summary>
    public double WhaleFraction { get; init; } = 0.01;

    /// <summary>Fractions of users at which the report shows the share of value captured.</summary>
    public IReadOnlyList<double> CapturedFractions { get; init; } = [0.01, 0.05, 0.10, 0.20, 0.50];

    /// <summary>Points of the Lorenz curves kept in metrics.json and drawn in the report.</summary>
    public int CurvePoints { get; init; } = 201;

    /// <summary>The report's title.</summary>
    public string Title { get; init; } = "LTV model evaluation";

    /// <summary>Throws <see cref="ArgumentException"/> listing every broken rule.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (Predictions is null || Predictions.Count == 0) problems.Add("at least one predictions source is required");
        else
        {
            foreach (var source in Predictions)
            {
                if (string.IsNullOrWhiteSpace(source.Name)) problems.Add($"predictions '{source.Path}' have an empty name");
                if (string.IsNullOrWhiteSpace(source.Path)) problems.Add($"predictions '{source.Name}' have an empty path");
            }
            var duplicates = Predictions.GroupBy(s => s.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            if (duplicates.Count > 0) problems.Add($"prediction names must be unique, got {string.Join(", ", duplicates.Select(d => $"'{d}'"))} more than once (name them: NAME=PATH)");
        }
        if (string.IsNullOrWhiteSpace(LabelsDirectory)) problems.Add("labels directory is required");
        if (string.IsNullOrWhiteSpace(OutputDirectory)) problems.Add("output directory is required");
        if (ThresholdsFile is not null && string.IsNullOrWhiteSpace(ThresholdsFile)) problems.Add("thresholds file is empty");
        if (FallbackQuantiles.Any(q => !(q > 0 && q < 1)) || FallbackQuantiles.Zip(FallbackQuantiles.Skip(1)).Any(p => !(p.Second > p.First)))
            problems.Add($"fallback quantiles must increase within (0, 1), got [{string.Join(", ", FallbackQuantiles)}]");
        if (!(TopFraction > 0 && TopFraction <= 1)) problems.Add($"top fraction must be in (0, 1], got {TopFraction}");
        if (!(WhaleFraction > 0 && WhaleFraction <= 1)) problems.Add($"whale fraction must be in (0, 1], got {WhaleFraction}");
        if (CapturedFractions.Count == 0 || CapturedFractions.Any(k => !(k > 0 && k <= 1)))
            problems.Add($"captured fractions must be one or more values in (0, 1], got [{string.Join(", ", CapturedFractions)}]");
        if (CurvePoints < 2) problems.Add($"curve points must be at least 2, got {CurvePoints}");
        if (problems.Count > 0) throw new ArgumentException("Evaluate options are not valid: " + string.Join("; ", problems));
    }
}
