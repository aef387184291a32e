namespace CcOrNet.Engines.Tests.DuckDb;

/// <summary>A scratch folder deleted after the test.</summary>
internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("ccornet-engines-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
