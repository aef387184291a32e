using System.Diagnostics;
using CcOrNet.Pipeline.Evaluation;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace CcOrNet.Pipeline.Tests.Evaluation;

/// <summary>report.html opened in headless Chromium by infra/scripts/check-report.sh: it loads, every image decodes, no error.</summary>
public sealed class ReportRenderingTests(ITestOutputHelper output) : IDisposable
{
    private readonly SyntheticEvaluation _data = new(users: 800);

    [ChromiumFact]
    public async Task CheckReport_GeneratedReport_RendersEveryImageWithoutErrors()
    {
        string report = await ReportAsync();

        var (exitCode, text) = await CheckAsync(report);

        Assert.True(exitCode == 0, text);
        Assert.Contains("images=6 broken=0 errors=0", text);
    }

    [ChromiumFact]
    public async Task CheckReport_CorruptImage_Fails()
    {
        string report = await ReportAsync();
        string html = File.ReadAllText(report);
        int data = html.IndexOf("base64,", StringComparison.Ordinal) + "base64,".Length;
        File.WriteAllText(report, html[..data] + "AAAA" + html[(data + 4)..]);

        var (exitCode, text) = await CheckAsync(report);

        Assert.Equal(1, exitCode);
        Assert.Contains("images=6 broken=1", text);
    }

    private async Task<string> ReportAsync()
    {
        var options = new EvaluateOptions
        {
            Predictions =
            [
                new PredictionSource("good", await _data.WritePartitionAsync("good", _data.Model(0.3, 1))),
                new PredictionSource("weak", await _data.WritePartitionAsync("weak", _data.Model(1.5, 2))),
            ],
            LabelsDirectory = await _data.WriteLabelsAsync("labels"),
            OutputDirectory = _data.Path("out"),
            ThresholdsFile = _data.WriteThresholds(),
        };
        return (await EvaluateJob.RunAsync(options, null, NullLogger.Instance, CancellationToken.None)).ReportFile;
    }

    private async Task<(int ExitCode, string Output)> CheckAsync(string report)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot(), "infra", "scripts", "check-report.sh"));
        start.ArgumentList.Add(report);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        string text = await stdout + await stderr;
        output.WriteLine(text);
        return (process.ExitCode, text);
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CcOrNet.Spark.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException($"No CcOrNet.Spark.sln above {AppContext.BaseDirectory}");
    }

    public void Dispose() => _data.Dispose();
}
