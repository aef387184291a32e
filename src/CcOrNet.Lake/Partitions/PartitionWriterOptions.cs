using CcOrNet.Lake.FileSystem;
using CcOrNet.Lake.Retries;

namespace CcOrNet.Lake.Partitions;

/// <summary>How a <see cref="PartitionWriter"/> reaches the lake; defaults in one place.</summary>
public sealed record PartitionWriterOptions
{
    public LakeRetryOptions Retry { get; init; } = new();

    /// <summary>The file operations (the seam for fault injection); the local file system by default.</summary>
    public ILakeFileSystem FileSystem { get; init; } = LocalFileSystem.Instance;

    /// <summary>Every broken rule, empty when the options are usable.</summary>
    public IEnumerable<string> Problems() => Retry.Problems();
}
