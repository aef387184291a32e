using CcOrNet.Pipeline.Tests.Evaluation;

namespace CcOrNet.Jobs.Tests.Cli;

/// <summary><c>ccornet evaluate</c> on synthetic predictions written as the scorer writes them.</summary>
public sealed class EvaluateCommandTests : IDisposable
{
    private readonly SyntheticEvaluation _data = new(users: 400);

    [Fact]
    public async Task Evaluate_TwoNamedModels_WritesReportAndPrintsOneRowPerModel()
    {
        string good = await _data.WritePartitionAsync("good", _data.Model(0.3, 1));
        string weak = await _data.WritePartitionAsync("weak", _data.Model(1.5, 2));
        string labels = await _data.WriteLabelsAsync("labels");
        string output = _data.Path("report");

        CliRun run = await CliRun.ExecuteAsync("evaluate", "--predictions", $"good={good}", $"weak={weak}",
            "--labels", labels, "--thresholds", _data.WriteThresholds(), "--out", output);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.True(File.Exists(Path.Combine(output, "metrics.json")));
        Assert.True(File.Exists(Path.Combine(output, "report.html")));
        Assert.Contains("400 users as of 2025-06-01", run.Output);
        Assert.Contains("value in top 1%", run.Output);
        string header = Assert.Single(run.Output.Split('\n'), line => line.Contains(" good "));
        Assert.Contains(" weak ", header);
    }

    [Fact]
    public async Task Evaluate_LabelsFolderMissing_FailsWithOneLineAndNoReport()
    {
        string good = await _data.WritePartitionAsync("good", _data.Model(0.3, 1));

        CliRun run = await CliRun.ExecuteAsync("evaluate", "--predictions", good, "--labels", _data.Path("nowhere"), "--out", _data.Path("report"));

        Assert.Equal(1, run.ExitCode);
        string line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("ccornet evaluate: error:"));
        Assert.Contains("nowhere", line);
        Assert.False(Directory.Exists(_data.Path("report")));
    }

    [Fact]
    public async Task Evaluate_SameNameTwice_IsABadOption()
    {
        CliRun run = await CliRun.ExecuteAsync("evaluate", "--predictions", "m=a", "--predictions", "m=b", "--labels", "l", "--out", _data.Path("report"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("prediction names must be unique, got 'm' more than once", run.Error);
    }

    public void Dispose() => _data.Dispose();
}
