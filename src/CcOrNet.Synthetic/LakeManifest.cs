using System.Text.Json;

namespace CcOrNet.Synthetic;

/// <summary>
/// <c>generate.json</c>: how the lake was made and the default task on it. Holds nothing that varies
/// between runs with the same options (no clock time), so reruns are byte-identical.
/// </summary>
internal static class LakeManifest
{
    public const string FileName = "generate.json";
    public const string EventsFolder = "events";
    public const string UsersFolder = "users";

    /// <summary>Bumped whenever the generative story changes what a seed produces.</summary>
    public const string GeneratorVersion = "1";

    public static void Write(string path, GeneratorOptions options, int shards, long userRows, long eventRows)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        var task = LakeCalendar.DefaultTask;
        json.WriteStartObject();
        json.WriteString("generator_version", GeneratorVersion);
        json.WriteNumber("seed", options.Seed);
        json.WriteNumber("users", userRows);
        json.WriteNumber("events_rows", eventRows);
        json.WriteNumber("shards", shards);
        json.WriteString("sharding", "contiguous user_id ranges: shard s holds ids (s*users/shards, (s+1)*users/shards]");
        json.WriteString("events_path", EventsFolder);
        json.WriteString("users_path", UsersFolder);
        json.WriteString("history_start", Date(LakeCalendar.HistoryStart));
        json.WriteString("history_end", Date(LakeCalendar.HistoryEnd));
        json.WriteString("as_of", Date(task.AsOf));
        json.WriteNumber("observation_days", task.ObservationDays);
        json.WriteNumber("horizon_days", task.HorizonDays);
        json.WriteString("training_as_of", Date(LakeCalendar.TrainingTask.AsOf));
        json.WriteEndObject();
        json.Flush();
        stream.WriteByte((byte)'\n');
    }

    private static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
