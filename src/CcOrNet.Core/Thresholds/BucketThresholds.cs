using System.Text.Json;
using System.Text.Json.Serialization;

namespace CcOrNet.Core.Thresholds;

/// <summary>
/// The thresholds JSON file: bucket edges of the label, normalisation of numeric features and
/// vocabularies of categorical ones, computed once from a labelled features table.
/// </summary>
/// <remarks>
/// With edges <c>t_1 &lt; ... &lt; t_{K-1}</c> the bucket of a label y is the number of edges below y:
/// 0 = zero bucket (<c>y &lt;= t_1 = 1e-6</c>), K-1 = top bucket, whose upper edge for the
/// intra-bucket residual is <see cref="TopEdge"/>.
/// </remarks>
public sealed record BucketThresholds
{
    public const int CurrentVersion = 1;
    public const double ZeroEdge = 1e-6;

    public int Version { get; init; } = CurrentVersion;

    /// <summary>Cutoff of the features table these were computed from.</summary>
    public required DateOnly AsOf { get; init; }

    /// <summary>Input fingerprint of that features table.</summary>
    public required string FeaturesFingerprint { get; init; }

    public required QuantileMode Mode { get; init; }

    /// <summary>Quantiles of the positive labels that gave edges t_2..t_{K-1}.</summary>
    public required IReadOnlyList<double> Quantiles { get; init; }

    /// <summary>t_1..t_{K-1}, strictly increasing; t_1 = <see cref="ZeroEdge"/>.</summary>
    public required IReadOnlyList<double> BucketEdges { get; init; }

    /// <summary>Quantile of the positive labels used as the top bucket's upper edge.</summary>
    public required double TopEdgeQuantile { get; init; }

    /// <summary>Upper edge of the top bucket (greater than the last bucket edge).</summary>
    public required double TopEdge { get; init; }

    public required RowCounts Counts { get; init; }

    public required IReadOnlyDictionary<string, Normalisation> Numeric { get; init; }

    /// <summary>One normalisation per sequence channel, pooled over its days.</summary>
    public required IReadOnlyDictionary<string, Normalisation> Sequences { get; init; }

    public required IReadOnlyDictionary<string, Vocabulary> Vocabularies { get; init; }

    /// <summary>K, the number of buckets.</summary>
    [JsonIgnore]
    public int Buckets => BucketEdges.Count + 1;

    /// <summary>Bucket of a label: how many edges lie strictly below it.</summary>
    public int BucketOf(double label) => Metrics.BucketEdges.BucketOf(BucketEdges, label);

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static BucketThresholds Parse(string json) =>
        JsonSerializer.Deserialize<BucketThresholds>(json, Json) ?? throw new JsonException("the thresholds are 'null'");

    /// <summary>Reads and checks a thresholds file.</summary>
    public static BucketThresholds Read(string path)
    {
        BucketThresholds thresholds;
        try
        {
            thresholds = Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Thresholds file '{path}' is not valid: {e.Message}", e);
        }
        if (thresholds.Version != CurrentVersion)
            throw new InvalidDataException($"Thresholds file '{path}' has version {thresholds.Version}, expected {CurrentVersion}");
        var edges = thresholds.BucketEdges;
        for (int i = 1; i < edges.Count; i++)
            if (!(edges[i] > edges[i - 1]))
                throw new InvalidDataException($"Thresholds file '{path}': bucket edges must increase, found {edges[i - 1]} then {edges[i]}");
        return thresholds;
    }
}
