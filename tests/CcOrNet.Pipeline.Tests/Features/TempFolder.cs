namespace CcOrNet.Pipeline.Tests.Features;

/// <summary>A scratch folder deleted after the test.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("ccornet-test-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes a CSV file from a header line and rows.</summary>
    public string Csv(string name, string header, params string[] rows)
    {
        string file = File(name);
        System.IO.File.WriteAllLines(file, [header, .. rows]);
        return file;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
