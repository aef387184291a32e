namespace CcOrNet.Jobs.Tests.Cli;

/// <summary><c>ccornet score</c> failures that need no trained model: one clear line, nothing written.</summary>
public sealed class ScoreCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ccornet-cli-score-").FullName;

    [Fact]
    public async Task Score_MissingBundle_FailsWithOneLineNamingTheManifest()
    {
        string output = Path.Combine(_root, "predictions");

        CliRun run = await CliRun.ExecuteAsync("score", "--model", Path.Combine(_root, "no-bundle"), "--features", Path.Combine(_root, "features"),
            "--as-of", "2025-07-01", "--out", output);

        Assert.Equal(1, run.ExitCode);
        string line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("ccornet score: error:", line);
        Assert.Contains("manifest.json", line);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public async Task Score_ZeroBatchSize_IsAUsageError()
    {
        CliRun run = await CliRun.ExecuteAsync("score", "--model", "m", "--features", "f", "--as-of", "2025-07-01", "--out", "o", "--batch-size", "0");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--batch-size must be at least 1", run.Error);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
