using CcOrNet.Lake.FileSystem;

namespace CcOrNet.Lake.Tests.Faults;

/// <summary>
/// The local file system with injected faults through the <see cref="ILakeFileSystem"/> seam: the next
/// <see cref="BrokenWrites"/> created files break after <see cref="BreakAfterBytes"/> bytes, and <see cref="MoveFault"/>
/// may fail a folder rename.
/// </summary>
internal sealed class FaultyFileSystem : ILakeFileSystem
{
    private readonly ILakeFileSystem _disk = LocalFileSystem.Instance;

    public int BrokenWrites { get; set; }
    public long BreakAfterBytes { get; set; } = 64;
    public Func<Exception> Fault { get; set; } = () => new IOException("injected transient write fault");

    /// <summary>Called before each rename with (source, destination); a returned exception is thrown instead of renaming.</summary>
    public Func<string, string, Exception?> MoveFault { get; set; } = (_, _) => null;

    public int FilesCreated { get; private set; }

    /// <summary>Safe for concurrent writers: each broken write is handed to exactly one file.</summary>
    public Stream CreateFile(string path)
    {
        bool broken;
        lock (_disk)
        {
            FilesCreated++;
            broken = BrokenWrites > 0;
            if (broken) BrokenWrites--;
        }
        var stream = _disk.CreateFile(path);
        return broken ? new BreakingStream(stream, BreakAfterBytes, Fault) : stream;
    }

    public void MoveDirectory(string source, string destination)
    {
        if (MoveFault(source, destination) is { } fault) throw fault;
        _disk.MoveDirectory(source, destination);
    }

    public void CreateDirectory(string path) => _disk.CreateDirectory(path);
    public bool DirectoryExists(string path) => _disk.DirectoryExists(path);
    public bool FileExists(string path) => _disk.FileExists(path);
    public void DeleteDirectory(string path) => _disk.DeleteDirectory(path);
    public void DeleteFile(string path) => _disk.DeleteFile(path);
    public IEnumerable<string> DirectoriesStartingWith(string path, string prefix) => _disk.DirectoriesStartingWith(path, prefix);
}
