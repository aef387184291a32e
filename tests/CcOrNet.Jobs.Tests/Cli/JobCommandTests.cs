namespace CcOrNet.Jobs.Tests.Cli;

/// <summary>Subcommands that run a real job end to end on small data: outputs, summaries, failures.</summary>
public sealed class JobCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ccornet-cli-").FullName;

    [Fact]
    public async Task Generate_SmallLake_WritesTablesAndPrintsSummary()
    {
        string lake = Path.Combine(_root, "lake");

        CliRun run = await CliRun.ExecuteAsync("generate", "--users", "400", "--seed", "3", "--out", lake, "--shape");

        Assert.Equal(0, run.ExitCode);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(lake, "events"), "*.parquet"));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(lake, "users"), "*.parquet"));
        Assert.True(File.Exists(Path.Combine(lake, "generate.json")));
        Assert.Contains("400", run.Output);
        Assert.Contains("zero future value", run.Output);
    }

    [Fact]
    public async Task Generate_IntoUnrelatedFolder_IsRefusedAsBadOptionAndLeftAlone()
    {
        string folder = Path.Combine(_root, "photos");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "holiday.jpg"), "not a lake");

        CliRun run = await CliRun.ExecuteAsync("generate", "--users", "50", "--out", folder);

        Assert.Equal(2, run.ExitCode);
        string line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("ccornet generate: invalid options:", line);
        Assert.Contains(folder, line);
        Assert.Equal(["holiday.jpg"], Directory.GetFiles(folder).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Features_MissingEventsTable_FailsWithOneLineNamingIt()
    {
        string missing = Path.Combine(_root, "no-such-events");
        string output = Path.Combine(_root, "features");

        CliRun run = await CliRun.ExecuteAsync("features", "--events", missing, "--as-of", "2025-07-01", "--out", output);

        Assert.Equal(1, run.ExitCode);
        string line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("ccornet features: error:", line);
        Assert.Contains("no-such-events", line);
        Assert.False(Directory.Exists(output));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
