using System.Text.Json;
using System.Text.Json.Serialization;

namespace CcOrNet.Pipeline.Quality;

/// <summary>
/// Finished runs on disk (<c>runs/&lt;model&gt;/seed-&lt;seed&gt;.json</c> under the bench's output folder), so an interrupted
/// bench resumes where it stopped and separate processes (e.g. one per core, disjoint seeds) can fill one table that a
/// last call aggregates. A run is reused only when its key — everything that changes the result — matches.
/// </summary>
internal sealed class SeedRunStore(string outputDirectory)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private sealed record Stored(string Key, Dictionary<string, double> Scalars, double TrainSeconds, double[] ValueScales);

    public SeedRun? TryRead(string model, long seed, string key)
    {
        string path = PathOf(model, seed);
        if (!File.Exists(path)) return null;
        var stored = JsonSerializer.Deserialize<Stored>(File.ReadAllText(path), Json);
        return stored is not null && stored.Key == key ? new SeedRun(stored.Scalars, stored.TrainSeconds, stored.ValueScales) : null;
    }

    /// <summary>Writes through a temporary file and a rename, so a reader never sees half a run.</summary>
    public void Write(string model, long seed, string key, SeedRun run)
    {
        string path = PathOf(model, seed);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        string temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(new Stored(key, run.Scalars.ToDictionary(), run.TrainSeconds, run.ValueScales.ToArray()), Json));
        File.Move(temporary, path, overwrite: true);
    }

    private string PathOf(string model, long seed) => Path.Combine(outputDirectory, "runs", model, $"seed-{seed}.json");
}
