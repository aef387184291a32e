namespace CcOrNet.Synthetic;

/// <summary>Options of <see cref="LakeGenerator"/>; every default lives here.</summary>
public sealed record GeneratorOptions
{
    /// <summary>Upper bound on <see cref="Shards"/> (files per table).</summary>
    public const int MaxShards = 10_000;

    /// <summary>The lake folder to create or replace (a previous generated lake is replaced whole).</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Number of users; ids are 1..Users.</summary>
    public long Users { get; init; } = 100_000;

    /// <summary>Same seed and options give byte-identical files.</summary>
    public ulong Seed { get; init; } = 42;

    /// <summary>Files per table; 0 picks one per <see cref="UsersPerAutoShard"/> users.</summary>
    public int Shards { get; init; }

    /// <summary>Users per shard when <see cref="Shards"/> is 0.</summary>
    public int UsersPerAutoShard { get; init; } = 250_000;

    /// <summary>Rows per Parquet row group; bounds the generator's memory per shard being written.</summary>
    public int RowGroupRows { get; init; } = 500_000;

    /// <summary>Shards written at once; 0 means one per processor. Does not change the output.</summary>
    public int Parallelism { get; init; }

    /// <summary>The shard count actually used.</summary>
    public int ResolvedShards => Shards > 0
        ? Shards
        : (int)Math.Clamp((Users + UsersPerAutoShard - 1) / Math.Max(1, UsersPerAutoShard), 1, Math.Min(MaxShards, Math.Max(1, Users)));

    /// <summary>The number of shards generated at once.</summary>
    public int ResolvedParallelism => Parallelism > 0 ? Parallelism : Environment.ProcessorCount;

    /// <summary>Throws one <see cref="ArgumentException"/> naming every broken rule.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(OutputDirectory))
            errors.Add("OutputDirectory must be a folder path, got an empty value");
        else if (File.Exists(OutputDirectory))
            errors.Add($"OutputDirectory '{OutputDirectory}' is a file; expected a folder path");
        else if (Directory.Exists(OutputDirectory)
                 && Directory.EnumerateFileSystemEntries(OutputDirectory).Any()
                 && !File.Exists(Path.Combine(OutputDirectory, LakeManifest.FileName)))
            errors.Add($"OutputDirectory '{OutputDirectory}' exists, is not empty and holds no {LakeManifest.FileName}; refusing to replace a folder that is not a generated lake");
        if (Users < 1)
            errors.Add($"Users must be at least 1, got {Users}");
        if (Shards < 0 || Shards > MaxShards)
            errors.Add($"Shards must be 0 (auto) or 1..{MaxShards}, got {Shards}");
        else if (Shards > 0 && Users >= 1 && Shards > Users)
            errors.Add($"Shards ({Shards}) must not exceed Users ({Users}): every shard holds at least one user");
        if (UsersPerAutoShard < 1)
            errors.Add($"UsersPerAutoShard must be at least 1, got {UsersPerAutoShard}");
        if (RowGroupRows < 1_000 || RowGroupRows > 10_000_000)
            errors.Add($"RowGroupRows must be in 1000..10000000, got {RowGroupRows}");
        if (Parallelism < 0)
            errors.Add($"Parallelism must be 0 (one per processor) or positive, got {Parallelism}");
        if (errors.Count > 0)
            throw new ArgumentException($"Invalid generator options: {string.Join("; ", errors)}.");
    }
}
