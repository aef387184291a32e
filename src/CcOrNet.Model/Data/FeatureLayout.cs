namespace CcOrNet.Model.Data;

/// <summary>Shape of the model's input features: the contract between the features table and the model.</summary>
/// <param name="NumericCount">Fn, numeric features per user (already normalised), at least 1.</param>
/// <param name="CategoricalCardinalities">Vocabulary size per categorical feature, counting the out-of-vocabulary slot 0.</param>
/// <param name="SequenceChannels">C, channels of the daily sequence (e.g. log1p spend, event count); 0 = no sequence.</param>
/// <param name="SequenceDays">D, days in the daily sequence.</param>
public sealed record FeatureLayout(
    int NumericCount,
    IReadOnlyList<int> CategoricalCardinalities,
    int SequenceChannels,
    int SequenceDays)
{
    /// <summary>Fc, categorical features per user.</summary>
    public int CategoricalCount => CategoricalCardinalities.Count;

    /// <summary>C x D, sequence values per user (one row of <see cref="FeatureRows.Sequence"/>).</summary>
    /// <remarks>Not written to bundle manifests: derived, and manifests (and the model versions hashed from them) stay as they were.</remarks>
    [System.Text.Json.Serialization.JsonIgnore]
    public int SequenceWidth => SequenceChannels * SequenceDays;

    /// <summary>Throws one <see cref="ArgumentException"/> listing every broken rule.</summary>
    public FeatureLayout Validate()
    {
        var errors = new List<string>();
        if (NumericCount < 1) errors.Add($"NumericCount must be >= 1 (got {NumericCount})");
        for (int i = 0; i < CategoricalCardinalities.Count; i++)
            if (CategoricalCardinalities[i] < 2)
                errors.Add($"CategoricalCardinalities[{i}] must be >= 2 (OOV slot + one value), got {CategoricalCardinalities[i]}");
        if (SequenceChannels < 0) errors.Add($"SequenceChannels must be >= 0 (got {SequenceChannels})");
        if (SequenceChannels > 0 && SequenceDays < 1) errors.Add($"SequenceDays must be >= 1 when there is a sequence (got {SequenceDays})");
        if (errors.Count > 0) throw new ArgumentException("Invalid feature layout: " + string.Join("; ", errors));
        return this;
    }
}
