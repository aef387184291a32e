using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CcOrNet.Core.Metrics;
using CcOrNet.Pipeline.Evaluation;
using CcOrNet.Pipeline.Reports;
using Microsoft.Extensions.Logging.Abstractions;
using SkiaSharp;

namespace CcOrNet.Pipeline.Tests.Evaluation;

/// <summary>The evaluate job end to end on a seeded synthetic setting written as the pipeline writes it.</summary>
public sealed partial class EvaluateJobTests : IDisposable
{
    private readonly SyntheticEvaluation _data = new();

    [Fact]
    public async Task RunAsync_TwoModels_MetricsJsonEqualsMetricsLibraryOnTheJoinedUsers()
    {
        var good = _data.Model(noise: 0.3, seed: 1);
        var weak = _data.Model(noise: 1.5, seed: 2);
        // Rows in another order than the labels, and the weak model misses 100 users: the join must line them up.
        string goodPath = await _data.WritePartitionAsync("good", good.Shuffled(seed: 3));
        string weakPath = await _data.WritePartitionAsync("weak", weak.Shuffled(seed: 4, take: _data.UserIds.Length - 100));
        var options = Options(("good", goodPath), ("weak", weakPath)) with { ThresholdsFile = _data.WriteThresholds() };

        var result = await EvaluateJob.RunAsync(options, null, NullLogger.Instance, CancellationToken.None);

        var scoredByWeak = weak.Shuffled(seed: 4, take: _data.UserIds.Length - 100).UserIds.ToHashSet();
        var users = Enumerable.Range(0, _data.UserIds.Length).Where(i => scoredByWeak.Contains(_data.UserIds[i])).ToArray();
        var file = JsonNode.Parse(File.ReadAllText(result.MetricsFile))!;
        Assert.Equal(users.Length, (int)file["users_evaluated"]!);
        foreach (var (rows, index) in new[] { (good, 0), (weak, 1) })
        {
            var expected = Expected(rows, users, options.TopFraction);
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected.ToJson()), file["models"]![index]!["metrics"]),
                $"metrics.json's model {index} differs from MetricsReport.Compute on the same users");
        }
        Assert.Equal(100, result.Metrics.Models[1].LabelsWithoutPrediction);
        Assert.Equal(0, result.Metrics.Models[1].PredictionsWithoutLabel);
        Assert.True(result.Metrics.Models[0].Metrics.Ranking.GiniNormalized > result.Metrics.Models[1].Metrics.Ranking.GiniNormalized);
    }

    [Fact]
    public async Task RunAsync_ValueCaptured_EqualsTheLibrarysValueCapturedAtEachFraction()
    {
        var good = _data.Model(noise: 0.8, seed: 5);
        string path = await _data.WritePartitionAsync("good", good);
        var options = Options(("good", path)) with { ThresholdsFile = _data.WriteThresholds() };

        var result = await EvaluateJob.RunAsync(options, null, NullLogger.Instance, CancellationToken.None);

        var all = Enumerable.Range(0, _data.UserIds.Length).ToArray();
        foreach (var captured in result.Metrics.Models[0].ValueCaptured)
        {
            var library = Expected(good, all, captured.Fraction).Business;
            Assert.Equal(library.TopCount, captured.Users);
            Assert.Equal(library.ValueCapturedAtK, captured.Model, 12);
            var perfect = Expected(good with { LtvExpected = _data.Labels }, all, captured.Fraction).Business;
            Assert.Equal(perfect.ValueCapturedAtK, captured.Perfect, 12);
        }
    }

    [Fact]
    public async Task RunAsync_Report_EmbedsOneDecodablePngPerChart()
    {
        string good = await _data.WritePartitionAsync("good", _data.Model(noise: 0.3, seed: 1));
        string weak = await _data.WritePartitionAsync("weak", _data.Model(noise: 1.5, seed: 2));

        var result = await EvaluateJob.RunAsync(Options(("good", good), ("weak", weak)), null, NullLogger.Instance, CancellationToken.None);

        string html = File.ReadAllText(result.ReportFile);
        var images = EmbeddedImage().Matches(html);
        Assert.Equal(2 + 2 * 2, images.Count); // Lorenz and value captured shared; deciles and calibration per model
        foreach (Match image in images)
        {
            byte[] png = Convert.FromBase64String(image.Groups["data"].Value);
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], png[..8]);
            using var bitmap = SKBitmap.Decode(png);
            Assert.NotNull(bitmap);
            Assert.Equal(int.Parse(image.Groups["width"].Value), bitmap.Width);
            Assert.Equal(int.Parse(image.Groups["height"].Value), bitmap.Height);
        }
        Assert.Contains("<td>good</td>", html.Replace("<th>", "<td>").Replace("</th>", "</td>"));
        Assert.Contains("Bucket edges come from these labels", html);
        Assert.Equal(EvaluationEdges.FromLabels, result.Metrics.Edges.Source);
    }

    [Fact]
    public async Task RunAsync_Budget_TotalOfEachColumnOverTheActualTotalMinusOneInJsonAndReport()
    {
        var rows = _data.Model(noise: 0.6, seed: 7);
        string path = await _data.WritePartitionAsync("good", rows.Shuffled(seed: 8));

        var result = await EvaluateJob.RunAsync(Options(("good", path)), null, NullLogger.Instance, CancellationToken.None);

        // The rows are aligned with _data.Labels before shuffling; sum them in plain loops.
        double actual = 0, expected = 0, pred = 0;
        for (int i = 0; i < rows.UserIds.Length; i++)
        {
            actual += _data.Labels[i];
            expected += rows.LtvExpected[i];
            pred += rows.LtvPred[i];
        }
        var budget = JsonNode.Parse(File.ReadAllText(result.MetricsFile))!["models"]![0]!["budget"]!;
        Assert.Equal(expected / actual - 1, (double)budget["ltv_expected_error"]!, 9);
        Assert.Equal(pred / actual - 1, (double)budget["ltv_pred_error"]!, 9);
        Assert.Equal(actual, (double)budget["actual_total"]!, 6);
        string html = File.ReadAllText(result.ReportFile);
        Assert.Contains("total ltv_expected vs actual total", html);
        Assert.Contains((expected / actual - 1).ToString("+0.0%;-0.0%"), html);
        Assert.Contains("For budgets, sum ltv_expected", html);
    }

    [Fact]
    public async Task RunAsync_MetricsJson_ReadsBackEqual()
    {
        string path = await _data.WritePartitionAsync("good", _data.Model(noise: 0.5, seed: 1));

        var result = await EvaluateJob.RunAsync(Options(("good", path)), null, NullLogger.Instance, CancellationToken.None);

        var read = EvaluationMetrics.Read(result.OutputDirectory);
        Assert.Equal(File.ReadAllText(result.MetricsFile), read.ToJson());
        Assert.Equal(result.Metrics.Models[0].Metrics.Ranking, read.Models[0].Metrics.Ranking);
    }

    [Fact]
    public async Task RunAsync_TableFolder_PicksThePartitionOfTheLabelsDate()
    {
        var rows = _data.Model(noise: 0.5, seed: 1);
        await _data.WritePartitionAsync("table", rows with { AsOf = SyntheticEvaluation.AsOf.AddDays(-1) });
        await _data.WritePartitionAsync("table", rows);

        var result = await EvaluateJob.RunAsync(Options(("m", _data.Path("table"))), null, NullLogger.Instance, CancellationToken.None);

        Assert.EndsWith("dt=2025-06-01", result.Metrics.Models[0].Partition);
    }

    [Fact]
    public async Task RunAsync_FailureAfterAnEarlierReport_LeavesTheEarlierReportAndNoStagingFolder()
    {
        string path = await _data.WritePartitionAsync("good", _data.Model(noise: 0.5, seed: 1));
        var options = Options(("good", path));
        var first = await EvaluateJob.RunAsync(options, null, NullLogger.Instance, CancellationToken.None);
        string before = File.ReadAllText(first.MetricsFile);
        File.Delete(Path.Combine(path, "_SUCCESS"));

        await Assert.ThrowsAsync<InvalidDataException>(() => EvaluateJob.RunAsync(options, null, NullLogger.Instance, CancellationToken.None));

        Assert.Equal(before, File.ReadAllText(first.MetricsFile));
        Assert.Equal(["out"], Directory.GetDirectories(_data.Root, "*out*").Select(Path.GetFileName));
    }

    private EvaluateOptions Options(params (string Name, string Path)[] models) => new()
    {
        Predictions = models.Select(m => new PredictionSource(m.Name, m.Path)).ToArray(),
        LabelsDirectory = _data.WriteLabelsAsync("labels").GetAwaiter().GetResult(),
        OutputDirectory = _data.Path("out"),
    };

    /// <summary>The metrics library on the given users (label order), the test's own alignment of the model's columns.</summary>
    private MetricsReport Expected(PredictionRows rows, int[] users, double topFraction)
    {
        var row = rows.UserIds.Select((id, r) => (id, r)).ToDictionary(p => p.id, p => p.r);
        int[] at = users.Select(u => row[_data.UserIds[u]]).ToArray();
        var context = new EvaluationContext
        {
            Edges = new BucketEdges(_data.Edges),
            MedianPositiveTrainingLabel = _data.Edges[1],
            RankingScore = at.Select(r => rows.LtvExpected[r]).ToArray(),
            PredictedBuckets = at.Select(r => rows.Bucket[r]).ToArray(),
            BucketProbabilities = rows.Probabilities.Select(p => at.Select(r => p[r]).ToArray()).ToArray(),
            PayerProbability = at.Select(r => rows.PPayer[r]).ToArray(),
            TopFraction = topFraction,
        };
        return MetricsReport.Compute(users.Select(u => _data.Labels[u]).ToArray(), at.Select(r => rows.LtvPred[r]).ToArray(), context);
    }

    [GeneratedRegex("<img src=\"data:image/png;base64,(?<data>[A-Za-z0-9+/=]+)\" width=\"(?<width>\\d+)\" height=\"(?<height>\\d+)\"")]
    private static partial Regex EmbeddedImage();

    public void Dispose() => _data.Dispose();
}
