namespace CcOrNet.Lake.Tests.Faults;

/// <summary>A scratch lake folder with a <c>predictions</c> table path; deleted after the test.</summary>
internal sealed class TempLake : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("ccornet-lake-test-").FullName;

    public string Table => Path.Combine(Root, "predictions");

    public string Partition(string name) => Path.Combine(Table, name);

    /// <summary>Everything under the lake root except the table's committed partitions: staging and retired leftovers.</summary>
    public IEnumerable<string> HiddenLeftovers() =>
        Directory.EnumerateFileSystemEntries(Root).Select(Path.GetFileName).Where(n => n != "predictions").Select(n => n!)
            .Concat(Directory.Exists(Table) ? Directory.EnumerateFileSystemEntries(Table).Select(Path.GetFileName).Where(n => n!.StartsWith('.') || n.StartsWith('_')).Select(n => n!) : []);

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
