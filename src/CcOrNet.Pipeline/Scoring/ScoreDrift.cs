using CcOrNet.Core.Monitoring;
using CcOrNet.Model.Bundles;

namespace CcOrNet.Pipeline.Scoring;

/// <summary>
/// How far a scored snapshot is from the data the model was trained on, known at scoring time, long before the labels
/// arrive: the early warning against a model that degrades silently.
/// </summary>
/// <param name="ReferenceBucketShares">Shares of users per predicted bucket on the bundle's validation split (null: a bundle from before this check).</param>
/// <param name="BucketShares">The same shares over the scored users.</param>
/// <param name="PredictionPsi">Population stability index of <paramref name="BucketShares"/> against the reference (<see cref="PopulationStability"/>); null without a reference.</param>
/// <param name="LargestFeatureShifts">
/// The numeric features whose mean moved most, largest first. Features are normalised with the training snapshot's
/// mean and standard deviation, so a shift is the scored mean in training standard deviations (0 = unchanged).
/// </param>
/// <param name="OutOfVocabulary">
/// Per categorical feature, the share of scored users whose value the model has no embedding for (too rare in
/// training, or new, such as a platform launched since), against that share on the validation split.
/// </param>
public sealed record ScoreDrift(
    IReadOnlyList<double>? ReferenceBucketShares,
    IReadOnlyList<double> BucketShares,
    double? PredictionPsi,
    IReadOnlyList<FeatureShift> LargestFeatureShifts,
    IReadOnlyList<VocabularyShift> OutOfVocabulary)
{
    /// <summary>Feature shifts listed in <see cref="LargestFeatureShifts"/>.</summary>
    public const int ListedFeatures = 5;

    /// <summary>A mean shift of this many training standard deviations is worth a warning.</summary>
    public const double LargeFeatureShift = 0.5;

    /// <summary>A rise of the out-of-vocabulary share by this much (5 points) is worth a warning.</summary>
    public const double LargeVocabularyRise = 0.05;

    /// <summary>Categorical features whose out-of-vocabulary share rose by <see cref="LargeVocabularyRise"/> or more (or, without a reference, is that large).</summary>
    public IEnumerable<VocabularyShift> NewValues => OutOfVocabulary.Where(v => v.Share - (v.ReferenceShare ?? 0) >= LargeVocabularyRise);

    /// <summary>A major prediction shift, a large feature shift or many new categorical values: worth a warning.</summary>
    public bool NeedsAttention =>
        PredictionPsi > PopulationStability.MajorShift || LargestFeatureShifts.Any(s => Math.Abs(s.MeanShift) >= LargeFeatureShift) || NewValues.Any();

    internal static ScoreDrift Of(BundleManifest manifest, ShardTally total)
    {
        double rows = Math.Max(1, total.Rows);
        var shares = total.BucketCounts.Select(c => c / rows).ToArray();
        var reference = manifest.ReferenceBucketShares;
        double? psi = reference is { Count: > 0 } && reference.Count == shares.Length ? PopulationStability.Index(reference, shares) : null;
        var shifts = manifest.Schema.Numeric.Select((feature, f) => new FeatureShift(feature.Name, total.NumericSums[f] / rows))
            .OrderByDescending(s => Math.Abs(s.MeanShift)).Take(ListedFeatures).ToArray();
        var referenceVocabulary = manifest.ReferenceOutOfVocabularyShares;
        var vocabulary = total.OutOfVocabulary.Shares(manifest.Schema.Categorical)
            .Select(v => new VocabularyShift(v.Key, v.Value, referenceVocabulary?.TryGetValue(v.Key, out double r) == true ? r : null)).ToArray();
        return new ScoreDrift(reference, shares, psi, shifts, vocabulary);
    }

    /// <summary>One line for logs and summaries, e.g. "prediction PSI 0.031 (stable); largest feature shifts: tenure_days +0.42 sd, ...".</summary>
    public string Describe() =>
        (PredictionPsi is { } psi ? $"prediction PSI {psi:F3} ({PopulationStability.Reading(psi)})" : "prediction PSI n/a (bundle has no reference shares)") +
        "; largest feature shifts: " + string.Join(", ", LargestFeatureShifts.Select(s => $"{s.Feature} {Signed(s.MeanShift)} sd")) +
        (NewValues.Any() ? "; out of vocabulary: " + string.Join(", ", NewValues.Select(v => v.Describe())) : "");

    // "+0.32", "-0.05"; a tiny negative value reads "+0.00", not "-0.00".
    private static string Signed(double value)
    {
        double rounded = Math.Round(value, 2) + 0.0;
        return (rounded >= 0 ? "+" : "") + rounded.ToString("F2", System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>A numeric feature's mean over the scored users, in training standard deviations from its training mean.</summary>
public sealed record FeatureShift(string Feature, double MeanShift);

/// <summary>A categorical feature's share of scored users out of the vocabulary, and that share in training (null: unknown).</summary>
public sealed record VocabularyShift(string Feature, double Share, double? ReferenceShare)
{
    public string Describe() => $"{Feature} {Share:P1}" + (ReferenceShare is { } r ? $" (training {r:P1})" : "");
}
