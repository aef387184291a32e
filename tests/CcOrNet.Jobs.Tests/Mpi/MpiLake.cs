using CcOrNet.Jobs.Tests.Cli;

namespace CcOrNet.Jobs.Tests.Mpi;

/// <summary>A small pipeline run (1 500 users, seed 3, 8 feature shards) shared by the MPI tests.</summary>
public sealed class MpiLake : IAsyncLifetime
{
    public string Root { get; } = Directory.CreateTempSubdirectory("ccornet-mpi-").FullName;
    public string Features { get; private set; } = "";
    public string Thresholds => Path.Combine(Root, "thresholds.json");

    public async Task InitializeAsync()
    {
        if (MpiRun.FindMpirun() is null) return;
        CliRun pipeline = await CliRun.ExecuteAsync("pipeline", "--out", Root, "--users", "1500", "--seed", "3", "--stop-after", "thresholds");
        if (pipeline.ExitCode != 0) throw new InvalidOperationException($"pipeline failed: {pipeline.Error}");
        Features = Directory.GetDirectories(Path.Combine(Root, "features")).Single();
    }

    /// <summary>Arguments of a small ziln training run into <paramref name="name"/>.</summary>
    public string[] Train(string name, int epochs, params string[] extra) => Train(name, epochs, patience: 10, extra);

    /// <summary>The same with another early-stopping patience.</summary>
    public string[] Train(string name, int epochs, int patience, params string[] extra) =>
    [
        "train", "--features", Features, "--thresholds", Thresholds, "--model", "ziln", "--out", Path.Combine(Root, name),
        "--epochs", epochs.ToString(), "--batch-size", "256", "--seed", "5", "--patience", patience.ToString(), "--threads", "1", .. extra,
    ];

    public string Bundle(string name) => Path.Combine(Root, name);

    public Task DisposeAsync()
    {
        Directory.Delete(Root, recursive: true);
        return Task.CompletedTask;
    }
}

/// <summary>MPI runs use the cores heavily: one at a time, after nothing else.</summary>
[CollectionDefinition("Mpi", DisableParallelization = true)]
public sealed class MpiCollection : ICollectionFixture<MpiLake>;
