using System.Text.Json.Serialization;

namespace CcOrNet.Core.Features;

/// <summary>
/// The columns of a features table and their roles: the contract between the features job and
/// every reader (thresholds, model, scoring). See docs/features.md.
/// </summary>
/// <remarks>
/// Numeric features are non-null DOUBLE columns; categoricals are non-null VARCHAR columns
/// (<see cref="MissingCategory"/> stands for null); the daily sequence is flat DOUBLE columns
/// <c>seq_{channel}_{i:D3}</c>, index 0 = day T-D (oldest), D-1 = day T-1; the label <c>ltv</c>
/// (DOUBLE) is present only when the horizon is covered by the data.
/// </remarks>
public sealed record FeatureSchema
{
    /// <summary>Value written for a null categorical attribute.</summary>
    public const string MissingCategory = "__missing__";
    public const string DefaultIdColumn = "user_id";
    public const string DefaultLabelColumn = "ltv";

    /// <summary>int64 user key.</summary>
    public string IdColumn { get; init; } = DefaultIdColumn;

    public IReadOnlyList<NumericFeature> Numeric { get; init; } = [];

    public IReadOnlyList<string> Categorical { get; init; } = [];

    /// <summary>Channels of the daily sequence, e.g. <c>spend</c> and <c>events</c>.</summary>
    public IReadOnlyList<string> SequenceChannels { get; init; } = [];

    /// <summary>Days in the sequence (D).</summary>
    public int SequenceLength { get; init; }

    /// <summary>The label column, or null for a scoring snapshot without a label.</summary>
    public string? Label { get; init; }

    /// <summary>Column name of day <paramref name="index"/> of a sequence channel.</summary>
    public static string SequenceColumn(string channel, int index) => $"seq_{channel}_{index:D3}";

    /// <summary>Every sequence column of one channel, oldest day first.</summary>
    public IReadOnlyList<string> SequenceColumns(string channel) =>
        Enumerable.Range(0, SequenceLength).Select(i => SequenceColumn(channel, i)).ToArray();

    /// <summary>Every column in file order: id, numerics, categoricals, sequences, label.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> AllColumns =>
        [IdColumn, .. Numeric.Select(n => n.Name), .. Categorical,
         .. SequenceChannels.SelectMany(SequenceColumns), .. Label is null ? Array.Empty<string>() : [Label]];
}
