using CcOrNet.Core.Features;

namespace CcOrNet.Pipeline.Quality;

/// <summary>
/// An out-of-time evaluation task: features and labels as of <see cref="TrainAsOf"/> to train (and to fit the
/// thresholds), as of <see cref="TestAsOf"/> to test, with the same observation and horizon lengths.
/// </summary>
public sealed record QualityTask
{
    /// <summary>Name shown in the report, e.g. <c>cdnow</c> or <c>generated-200k</c>.</summary>
    public required string Name { get; init; }

    public required string EventsPath { get; init; }

    public string? UsersPath { get; init; }

    /// <summary>Column mapping of the events (null = the lake's own names).</summary>
    public ColumnMapping? Mapping { get; init; }

    public required DateOnly TrainAsOf { get; init; }

    public required DateOnly TestAsOf { get; init; }

    public required int ObservationDays { get; init; }

    public required int HorizonDays { get; init; }

    /// <summary>The CDNOW mapping (whitespace file, yyyymmdd dates, dollar_value as amount).</summary>
    public static ColumnMapping CdnowMapping { get; } = ColumnMapping.Parse("""
        { "events": { "format": "whitespace", "user_id": "customer_id", "event_time": "date",
                      "time_format": "%Y%m%d", "amount": "dollar_value", "attributes": [] } }
        """);

    /// <summary>CDNOW out of time: train as of 1997-07-01, test as of 1997-10-01, 181-day observation, 273-day horizon.</summary>
    public static QualityTask Cdnow(string cdnowFile) => new()
    {
        Name = "cdnow",
        EventsPath = cdnowFile,
        Mapping = CdnowMapping,
        TrainAsOf = new DateOnly(1997, 7, 1),
        TestAsOf = new DateOnly(1997, 10, 1),
        ObservationDays = 181,
        HorizonDays = 273,
    };

    /// <summary>The default task of a generated lake, read from its generate.json (test as_of, training_as_of).</summary>
    public static QualityTask FromGeneratedLake(string lakeDirectory)
    {
        string path = Path.Combine(lakeDirectory, "generate.json");
        if (!File.Exists(path))
            throw new FileNotFoundException($"'{lakeDirectory}' is not a generated lake: generate.json is missing", path);
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path));
        var root = json.RootElement;
        string Text(string name) => root.TryGetProperty(name, out var v) ? v.GetString()! :
            throw new InvalidDataException($"'{path}' has no '{name}'");
        return new QualityTask
        {
            Name = $"generated-{root.GetProperty("users").GetInt64()}",
            EventsPath = Path.Combine(lakeDirectory, Text("events_path")),
            UsersPath = Path.Combine(lakeDirectory, Text("users_path")),
            TrainAsOf = DateOnly.ParseExact(Text("training_as_of"), "yyyy-MM-dd"),
            TestAsOf = DateOnly.ParseExact(Text("as_of"), "yyyy-MM-dd"),
            ObservationDays = root.GetProperty("observation_days").GetInt32(),
            HorizonDays = root.GetProperty("horizon_days").GetInt32(),
        };
    }
}
