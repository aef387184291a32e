using System.Text.Json;
using System.Text.Json.Serialization;

namespace CcOrNet.Pipeline.Evaluation;

/// <summary>
/// metrics.json, written by <see cref="EvaluateJob"/>: the setting (labels, edges, fractions) and per model every
/// metric of <see cref="CcOrNet.Core.Metrics.MetricsReport"/> (same names, snake_case, NaN as null) with the curves
/// of the report. Read it back with <see cref="Read"/>.
/// </summary>
public sealed record EvaluationMetrics
{
    public const string FileName = "metrics.json";
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;

    public required string Title { get; init; }

    public required LabelsSummary Labels { get; init; }

    public required EvaluationEdges Edges { get; init; }

    /// <summary>Users every metric covers: labelled and scored by every model.</summary>
    public required int UsersEvaluated { get; init; }

    /// <summary>k of Recall@k and value captured in <c>metrics.business</c>.</summary>
    public required double TopFraction { get; init; }

    /// <summary>The share of users, by actual value, counted as whales.</summary>
    public required double WhaleFraction { get; init; }

    /// <summary>One entry per predictions source, in the order given.</summary>
    public required IReadOnlyList<ModelEvaluation> Models { get; init; }

    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Converters = { new NullForNonFinite() },
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static EvaluationMetrics Parse(string json) =>
        JsonSerializer.Deserialize<EvaluationMetrics>(json, Json) ?? throw new JsonException("metrics.json is 'null'");

    /// <summary>Reads metrics.json from a file or from the report folder holding it.</summary>
    public static EvaluationMetrics Read(string path)
    {
        string file = Directory.Exists(path) ? Path.Combine(path, FileName) : path;
        try
        {
            var metrics = Parse(File.ReadAllText(file));
            if (metrics.Version != CurrentVersion)
                throw new InvalidDataException($"'{file}' has version {metrics.Version}; expected {CurrentVersion}");
            return metrics;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{file}' is not a valid {FileName}: {e.Message}", e);
        }
    }

    /// <summary>NaN and infinities as JSON null (an undefined metric), read back as NaN: the metrics library's convention.</summary>
    private sealed class NullForNonFinite : JsonConverter<double>
    {
        public override bool HandleNull => true;

        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
        {
            if (double.IsFinite(value)) writer.WriteNumberValue(value);
            else writer.WriteNullValue();
        }
    }
}
