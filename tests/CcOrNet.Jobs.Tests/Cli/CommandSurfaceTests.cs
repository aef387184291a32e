namespace CcOrNet.Jobs.Tests.Cli;

/// <summary>The command surface of DESIGN.md: names, help, usage errors and exit codes.</summary>
public sealed class CommandSurfaceTests
{
    public static TheoryData<string, string[]> SubcommandOptions => new()
    {
        { "generate", ["--users", "--seed", "--out"] },
        { "features", ["--events", "--users-table", "--config", "--as-of", "--observation-days", "--horizon-days", "--out"] },
        { "thresholds", ["--features", "--out"] },
        { "train", ["--features", "--thresholds", "--model", "--out", "--epochs", "--batch-size", "--seed", "--workers", "--resume", "--lr-decay", "--decode-cache"] },
        { "score", ["--model", "--features", "--as-of", "--out"] },
        { "evaluate", ["--predictions", "--labels", "--out"] },
        { "pipeline", ["--out"] },
        { "bench", ["features", "train", "score", "quality"] },
    };

    [Theory]
    [MemberData(nameof(SubcommandOptions))]
    public async Task Help_EverySubcommand_ListsItsDesignOptions(string subcommand, string[] expected)
    {
        CliRun run = await CliRun.ExecuteAsync(subcommand, "--help");

        Assert.Equal(0, run.ExitCode);
        foreach (string option in expected)
            Assert.Contains(option, run.Output);
    }

    [Fact]
    public async Task Help_Root_ListsEverySubcommand()
    {
        CliRun run = await CliRun.ExecuteAsync("--help");

        Assert.Equal(0, run.ExitCode);
        foreach (string subcommand in SubcommandOptions.Select(row => (string)row[0]))
            Assert.Contains(subcommand, run.Output);
    }

    [Theory]
    [InlineData("generate --users 0 --out x", "--users must be at least 1")]
    [InlineData("generate --users ten --out x", "ten")]
    [InlineData("generate --users 10", "--out")]
    [InlineData("features --events e --as-of 2025-13-01 --out x", "expected a date as YYYY-MM-DD, got '2025-13-01'")]
    [InlineData("train --features f --thresholds t --out o --model xgboost", "xgboost")]
    [InlineData("train --features f --thresholds t --out o --lr-decay linear", "linear")]
    [InlineData("bench quality --cdnow c --out o --train-as-of 1997-02-30", "1997-02-30")]
    [InlineData("pipeline --out o --train-as-of 2024-07-32", "2024-07-32")]
    [InlineData("bench train --features f --thresholds t --epochs 0", "--epochs must be at least 1")]
    [InlineData("generate --users 10 --out x --colour blue", "--colour")]
    [InlineData("frobnicate", "frobnicate")]
    public async Task BadOptions_ExitTwoWithOneLineReason(string commandLine, string reason)
    {
        CliRun run = await CliRun.ExecuteAsync(commandLine.Split(' '));

        Assert.Equal(2, run.ExitCode);
        string line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("ccornet", line);
        Assert.Contains(reason, line);
        Assert.Equal("", run.Output);
    }
}
