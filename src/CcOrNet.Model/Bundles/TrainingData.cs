namespace CcOrNet.Model.Bundles;

/// <summary>Which data a bundle was trained on.</summary>
/// <param name="FeaturesDirectory">Features folder as given to the train job.</param>
/// <param name="FeaturesFingerprint">The features manifest's InputFingerprint.</param>
/// <param name="AsOf">Cutoff T of that features table.</param>
/// <param name="Rows">Rows in the features table.</param>
/// <param name="TrainRows">Rows on the training side of the split.</param>
/// <param name="ValidationRows">Rows on the validation side.</param>
/// <param name="ValidationPercent">Share of users held out (SplitMix64(user_id ^ salt) % 100 &lt; percent).</param>
/// <param name="ValidationSalt">Salt of the split.</param>
public sealed record TrainingData(
    string FeaturesDirectory,
    string FeaturesFingerprint,
    DateOnly AsOf,
    long Rows,
    long TrainRows,
    long ValidationRows,
    int ValidationPercent,
    ulong ValidationSalt);
