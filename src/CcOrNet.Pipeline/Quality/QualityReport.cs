using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CcOrNet.Core.Metrics;

namespace CcOrNet.Pipeline.Quality;

/// <summary>Writes a <see cref="QualityResult"/> as a markdown table (docs/results.md-ready) and as JSON with every number.</summary>
internal static class QualityReport
{
    /// <summary>The table's columns: metric path and header; every other number is in the JSON.</summary>
    public static IReadOnlyList<(string Key, string Header)> Columns { get; } =
    [
        ("ranking.gini_normalized", "Gini (E)"),
        (QualityBench.RankedByPred + "ranking.gini_normalized", "Gini (pred)"),
        ("ranking_positive.gini_normalized", "Gini y>0"),
        ("ranking.spearman", "Spearman"),
        ("regression.nmae", "NMAE"),
        ("regression.nrmse", "NRMSE"),
        ("regression.ambe", "AMBE"),
        ("regression.ambe_top_bucket", "whale AMBE"),
        ("regression.mape_positive", "MAPE y>0"),
        (QualityBench.ExpectedAsValue + "regression.ambe", "AMBE (E)"),
        (QualityBench.ExpectedAsValue + "regression.ambe_top_bucket", "whale AMBE (E)"),
        ("classification.bucket_accuracy", "bucket acc"),
        ("classification.top_bucket_f1", "top F1"),
        ("classification.top_bucket_average_precision", "top AP"),
        ("classification.payer_auc", "payer AUC"),
        ("business.sva", "SVA"),
        ("business.whale_recall_at_k", "Recall@1%"),
        ("business.value_captured_at_k", "value@1%"),
        (QualityBench.RankedByPred + "business.value_captured_at_k", "value@1% (pred)"),
    ];

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static void Write(QualityResult result)
    {
        File.WriteAllText(result.MarkdownFile, Markdown(result));
        File.WriteAllText(result.JsonFile, JsonSerializer.Serialize(new
        {
            Task = new
            {
                result.Task.Name,
                TrainAsOf = result.Task.TrainAsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                TestAsOf = result.Task.TestAsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                result.Task.ObservationDays,
                result.Task.HorizonDays,
            },
            result.TrainUsers,
            result.TestUsers,
            result.Seeds,
            result.Epochs,
            ElapsedSeconds = result.Elapsed.TotalSeconds,
            Models = result.Rows,
        }, Json));
    }

    /// <summary>The table: one row per model, each cell mean ± sample std over the seeds.</summary>
    public static string Markdown(QualityResult result)
    {
        var text = new StringBuilder();
        var t = result.Task;
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Task `{t.Name}`: train as of {t.TrainAsOf:yyyy-MM-dd}, test as of {t.TestAsOf:yyyy-MM-dd}, {t.ObservationDays}-day observation, {t.HorizonDays}-day horizon; " +
            $"{result.TrainUsers:N0} training / {result.TestUsers:N0} test users; {result.Epochs} epochs; seeds {string.Join(", ", result.Seeds)}; " +
            $"mean ± std over seeds; elapsed {result.Elapsed.TotalMinutes:F1} min.");
        text.AppendLine();
        text.AppendLine("| model | " + string.Join(" | ", Columns.Select(c => c.Header)) + " | train s |");
        text.AppendLine("|---|" + string.Concat(Columns.Select(_ => "---|")) + "---|");
        foreach (var row in result.Rows)
        {
            var cells = Columns.Select(c => row.Metrics.TryGetValue(c.Key, out var s) ? Cell(s) : "n/a");
            text.AppendLine(CultureInfo.InvariantCulture, $"| {row.Model} | {string.Join(" | ", cells)} | {row.TrainSeconds:F0} |");
        }
        return text.ToString();
    }

    /// <summary>"mean ± std" with three significant decimals for metrics near 1, more digits for money-scale numbers.</summary>
    internal static string Cell(Spread spread)
    {
        if (double.IsNaN(spread.Mean)) return "n/a";
        string format = Math.Abs(spread.Mean) >= 100 ? "F1" : "F3";
        return spread.Mean.ToString(format, CultureInfo.InvariantCulture) + " ± " + spread.Std.ToString(format, CultureInfo.InvariantCulture);
    }
}
