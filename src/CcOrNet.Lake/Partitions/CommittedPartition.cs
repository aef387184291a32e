namespace CcOrNet.Lake.Partitions;

/// <summary>A published partition.</summary>
/// <param name="Path">The partition folder, e.g. <c>LAKE/predictions/dt=2025-07-01</c>.</param>
/// <param name="Files">Data file names inside it, in ordinal name order (the <c>_SUCCESS</c> marker not included).</param>
/// <param name="ReplacedPrevious">True when an earlier version of the partition was replaced.</param>
public sealed record CommittedPartition(string Path, IReadOnlyList<string> Files, bool ReplacedPrevious);
