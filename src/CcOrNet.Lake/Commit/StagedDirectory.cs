namespace CcOrNet.Lake.Commit;

/// <summary>
/// Writes a whole output folder out of sight, then publishes it with renames so that a reader sees
/// either the previous folder or the complete new one, never a half-written one.
/// </summary>
/// <remarks>
/// The staging folder is a hidden sibling of the target (same file system, so the renames are
/// atomic). Disposing without <see cref="Commit"/> deletes the staging folder and leaves the
/// target untouched: a failed job leaves no partial output.
/// </remarks>
public sealed class StagedDirectory : IDisposable
{
    private bool _committed;

    private StagedDirectory(string target, string staging)
    {
        TargetPath = target;
        StagingPath = staging;
    }

    /// <summary>Where the output appears on commit.</summary>
    public string TargetPath { get; }

    /// <summary>Where the job writes until it commits.</summary>
    public string StagingPath { get; }

    /// <summary>Creates an empty staging folder next to <paramref name="target"/>.</summary>
    public static StagedDirectory Create(string target)
    {
        string full = Path.GetFullPath(target).TrimEnd(Path.DirectorySeparatorChar);
        string parent = Path.GetDirectoryName(full) ?? throw new ArgumentException($"'{target}' has no parent folder", nameof(target));
        Directory.CreateDirectory(parent);
        string staging = Path.Combine(parent, $".{Path.GetFileName(full)}.staging-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        return new StagedDirectory(full, staging);
    }

    /// <summary>Replaces the target with the staged folder.</summary>
    public void Commit()
    {
        if (_committed) throw new InvalidOperationException($"{TargetPath} is already committed");
        string? retired = null;
        if (Directory.Exists(TargetPath))
        {
            retired = Path.Combine(Path.GetDirectoryName(TargetPath)!, $".{Path.GetFileName(TargetPath)}.retired-{Guid.NewGuid():N}");
            Directory.Move(TargetPath, retired);
        }
        Directory.Move(StagingPath, TargetPath);
        _committed = true;
        if (retired is not null) Directory.Delete(retired, recursive: true);
    }

    public void Dispose()
    {
        if (!_committed && Directory.Exists(StagingPath)) Directory.Delete(StagingPath, recursive: true);
    }
}
