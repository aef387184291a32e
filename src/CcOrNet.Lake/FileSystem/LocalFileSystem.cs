namespace CcOrNet.Lake.FileSystem;

/// <summary>The machine's file system (local disk or a mounted share).</summary>
public sealed class LocalFileSystem : ILakeFileSystem
{
    public static readonly LocalFileSystem Instance = new();

    private LocalFileSystem() { }

    public Stream CreateFile(string path) =>
        new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 20, FileOptions.Asynchronous);

    public void CreateDirectory(string path) => Directory.CreateDirectory(path);

    public bool DirectoryExists(string path) => Directory.Exists(path);

    public bool FileExists(string path) => File.Exists(path);

    public void MoveDirectory(string source, string destination) => Directory.Move(source, destination);

    public void DeleteDirectory(string path) => Directory.Delete(path, recursive: true);

    public void DeleteFile(string path) => File.Delete(path);

    public IEnumerable<string> DirectoriesStartingWith(string path, string prefix) =>
        Directory.Exists(path)
            ? Directory.EnumerateDirectories(path).Where(d => Path.GetFileName(d).StartsWith(prefix, StringComparison.Ordinal)).ToList()
            : [];
}
