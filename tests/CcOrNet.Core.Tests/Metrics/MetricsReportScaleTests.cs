using System.Diagnostics;
using CcOrNet.Core.Metrics;
using Xunit.Abstractions;

namespace CcOrNet.Core.Tests.Metrics;

/// <summary>
/// A realistic shape at scale: 5% payers with a heavy tail, most predictions exactly 0. 100,000 users by
/// default; set <c>CCORNET_METRICS_SCALE_USERS</c> (e.g. 10000000) to time a larger run (docs/metrics.md).
/// </summary>
public class MetricsReportScaleTests(ITestOutputHelper output)
{
    [Fact]
    public void Compute_ManyUsersMostlyTiedAtZero_ProducesConsistentReport()
    {
        var n = int.TryParse(Environment.GetEnvironmentVariable("CCORNET_METRICS_SCALE_USERS"), out var users) ? users : 100_000;
        var random = new Random(42);
        var actual = new double[n];
        var predicted = new double[n];
        var expected = new double[n];
        var payer = new double[n];
        for (var i = 0; i < n; i++)
        {
            var pays = random.NextDouble() < 0.05;
            actual[i] = pays ? Math.Round(Math.Exp(2 + 4 * random.NextDouble()), 2) : 0;
            predicted[i] = pays || random.NextDouble() < 0.05
                ? Math.Round(actual[i] * random.NextDouble() + 10 * random.NextDouble(), 1)
                : 0;
            expected[i] = 0.8 * predicted[i] + random.NextDouble();
            payer[i] = pays ? 0.3 + 0.7 * random.NextDouble() : 0.5 * random.NextDouble();
        }
        var context = new EvaluationContext
        {
            Edges = new BucketEdges([1e-6, 20, 60]),
            MedianPositiveTrainingLabel = 20,
            RankingScore = expected,
            PayerProbability = payer,
        };

        var report = Timed("4 sorted keys", () => MetricsReport.Compute(actual, predicted, context));
        var predictedOnly = Timed("2 sorted keys", () => MetricsReport.Compute(actual, predicted, context with { RankingScore = null, PayerProbability = null }));

        Assert.Equal(n, report.Count);
        Assert.InRange(report.Ranking.GiniNormalized, 0.5, 1);
        Assert.InRange(report.Classification.PayerAuc, 0.8, 1);
        Assert.Equal(n, report.Classification.ConfusionMatrix.Sum(row => row.Sum()));
        Assert.Equal(n, report.Regression.Deciles.Sum(d => d.Count));
        Assert.Equal(1, report.Regression.Deciles.Sum(d => d.ActualShare), 9);
        Assert.Equal(TopCut.CountFor(0.01, n), report.Business.TopCount);
        Assert.InRange(report.Business.ValueCapturedAtK, report.Business.TopFraction, 1);
        Assert.Equal(report.Regression, predictedOnly.Regression with { Deciles = report.Regression.Deciles });
        Assert.Equal(report.Regression.Deciles, predictedOnly.Regression.Deciles);
    }

    private MetricsReport Timed(string label, Func<MetricsReport> compute)
    {
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();
        var report = compute();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        output.WriteLine($"{report.Count:N0} users, {label}: {stopwatch.Elapsed.TotalSeconds:F2} s wall, {cpu.TotalSeconds:F2} s CPU, {allocated / 1e6:F0} MB allocated");
        return report;
    }
}
