using System.Text.Json;
using System.Text.Json.Serialization;

namespace CcOrNet.Core.Features;

/// <summary>
/// Maps input column names onto the roles the features job needs (features <c>--config</c>).
/// Defaults are the lake's canonical names (<see cref="Schema.LakeColumns"/>); a JSON file
/// overrides any subset, e.g. <c>{"events": {"user_id": "customer_id", "attributes": []}}</c>.
/// </summary>
public sealed record ColumnMapping
{
    [JsonPropertyName("events")] public EventColumns Events { get; init; } = new();
    [JsonPropertyName("users")] public UserColumns Users { get; init; } = new();

    /// <summary>The lake's own names.</summary>
    public static ColumnMapping Default { get; } = new();

    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        WriteIndented = true,
    };

    /// <summary>Reads a mapping file; unknown keys are errors so that typos do not pass silently.</summary>
    public static ColumnMapping Load(string path)
    {
        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Column mapping '{path}' is not valid: {e.Message}", e);
        }
    }

    public static ColumnMapping Parse(string json) =>
        JsonSerializer.Deserialize<ColumnMapping>(json, Json) ?? throw new JsonException("the mapping is 'null'");

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}
