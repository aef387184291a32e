namespace CcOrNet.Lake.FileSystem;

/// <summary>
/// The file operations a lake writer needs. <see cref="LocalFileSystem"/> is the real one; the interface is the seam
/// where tests inject faults (a stream that breaks mid-write, a rename that fails) without test code in the writers.
/// </summary>
public interface ILakeFileSystem
{
    /// <summary>Creates (or truncates) a file for writing.</summary>
    Stream CreateFile(string path);

    void CreateDirectory(string path);

    bool DirectoryExists(string path);

    bool FileExists(string path);

    /// <summary>Renames a folder; atomic when both paths are on one file system.</summary>
    void MoveDirectory(string source, string destination);

    void DeleteDirectory(string path);

    void DeleteFile(string path);

    /// <summary>Full paths of the folders directly in <paramref name="path"/> whose names start with <paramref name="prefix"/>.</summary>
    IEnumerable<string> DirectoriesStartingWith(string path, string prefix);
}
