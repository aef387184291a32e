using System.Text.Json;
using System.Text.Json.Serialization;

namespace CcOrNet.Core.Features;

/// <summary>
/// The small JSON file (<see cref="FileName"/>) next to a features table's shards: what task it was
/// computed for, the column roles, the shards and a fingerprint of the inputs.
/// </summary>
public sealed record FeatureManifest
{
    public const string FileName = "_features.json";
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;

    /// <summary>Cutoff T (yyyy-MM-dd).</summary>
    public required DateOnly AsOf { get; init; }
    public required int ObservationDays { get; init; }
    public required int HorizonDays { get; init; }

    /// <summary>True when the table has the label column (the horizon is covered by the data).</summary>
    public required bool HasLabel { get; init; }

    public required FeatureSchema Schema { get; init; }

    public required int Shards { get; init; }

    /// <summary>Shard file names, index = shard number.</summary>
    public required IReadOnlyList<string> Files { get; init; }

    /// <summary>How a user is assigned to a shard (see <see cref="ShardHash"/>).</summary>
    public string ShardFormula { get; init; } = "((((user_id % 2147483647) + 2147483647) % 2147483647) * 2654435761) % 2147483647 % shards";

    public required long Rows { get; init; }

    /// <summary>Rows with a positive label (0 without a label).</summary>
    public long PositiveLabels { get; init; }

    /// <summary>SHA-256 over the inputs' paths, sizes and modification times, and the options.</summary>
    public required string InputFingerprint { get; init; }

    /// <summary>Engine that computed the table, e.g. <c>duckdb 1.4.1</c>.</summary>
    public string Engine { get; init; } = "";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static FeatureManifest Parse(string json) =>
        JsonSerializer.Deserialize<FeatureManifest>(json, Json) ?? throw new JsonException("the manifest is 'null'");

    /// <summary>Reads the manifest of the features table in <paramref name="directory"/>.</summary>
    public static FeatureManifest Read(string directory)
    {
        string path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
            throw new FileNotFoundException($"'{directory}' is not a features table: {FileName} is missing", path);
        FeatureManifest manifest;
        try
        {
            manifest = Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Features manifest '{path}' is not valid: {e.Message}", e);
        }
        if (manifest.Version != CurrentVersion)
            throw new InvalidDataException($"Features manifest '{path}' has version {manifest.Version}, expected {CurrentVersion}");
        return manifest;
    }
}
