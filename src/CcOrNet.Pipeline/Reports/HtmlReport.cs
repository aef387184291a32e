using System.Globalization;
using System.Net;
using System.Text;
using CcOrNet.Pipeline.Evaluation;

namespace CcOrNet.Pipeline.Reports;

/// <summary>
/// report.html: one self-contained page (inline CSS, charts as embedded PNG, no script, no external resource) that a
/// marketing analyst can open from a mail or a share: the headline numbers in plain words, then a section per chart
/// with one sentence on how to read it, models side by side.
/// </summary>
public static class HtmlReport
{
    public const string FileName = "report.html";

    private const string Style = """
        body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto; max-width: 1500px; padding: 0 1rem; color: #222; }
        h1 { margin-bottom: .2rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #ddd; padding-bottom: .3rem; }
        p.lead, p.how { color: #555; max-width: 60rem; }
        table { border-collapse: collapse; margin: .6rem 0; }
        th, td { border: 1px solid #ddd; padding: .35rem .6rem; text-align: right; }
        th:first-child, td:first-child { text-align: left; }
        td.reading { color: #666; font-size: .9em; text-align: left; }
        td.best { font-weight: bold; background: #eef7ee; }
        .charts { display: flex; flex-wrap: wrap; gap: 1rem; }
        .charts img { border: 1px solid #eee; max-width: 100%; height: auto; }
        .matrix td { min-width: 4.5rem; }
        details { margin-top: 1rem; } code { background: #f4f4f4; padding: 0 .2rem; }
        """;

    /// <summary>Renders the page for an evaluation (everything it shows is in <paramref name="metrics"/>).</summary>
    public static string Render(EvaluationMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        if (metrics.Models.Count == 0) throw new ArgumentException("An evaluation without models has nothing to report.", nameof(metrics));
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(Encode(metrics.Title)).Append("</title>\n<style>\n").Append(Style).Append("\n</style>\n</head>\n<body>\n");
        Intro(html, metrics);
        HeadlineTable(html, metrics);

        Section(html, "Who holds the value: Lorenz curve",
            "Users sorted by predicted value, highest first. The curve shows the share of the actual next-period value those users hold. " +
            "The closer a model's curve is to the dashed perfect order, the better it finds the valuable users; the dotted diagonal is random targeting.");
        Charts(html, ReportCharts.Lorenz(metrics));

        Section(html, "Value captured by the top k%",
            "If a campaign targets the top k% of users by predicted value, this is the share of the total actual value it reaches.");
        Charts(html, ReportCharts.ValueCaptured(metrics));
        CapturedTable(html, metrics);

        Section(html, "Predicted vs actual by decile",
            "Users split into ten equal groups by predicted value (1 = highest). In each group, mean predicted and mean actual value per user: " +
            "bars of equal height mean the values are right, a falling staircase means the ranking is right.");
        Charts(html, metrics.Models.Select((m, i) => ReportCharts.Deciles(m, i)).ToArray());

        Section(html, "Calibration by bucket",
            "Users grouped by the value bucket the model put them in. Mean predicted and actual value per user should match; " +
            "the table compares the predicted share of users in each bucket (mean probability) with the actual share.");
        Charts(html, metrics.Models.Select((m, i) => ReportCharts.Calibration(m, i)).ToArray());
        BucketShareTable(html, metrics);

        Section(html, "Bucket confusion matrix",
            $"Rows: the bucket users truly landed in; columns: the bucket the model predicted. Counts, with the share of the row in brackets. " +
            $"Bucket edges: {string.Join(" < ", metrics.Edges.BucketEdges.Select(Money))} (bucket 0 = no spend).");
        foreach (var model in metrics.Models) ConfusionTable(html, model);

        AllMetrics(html, metrics);
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void Intro(StringBuilder html, EvaluationMetrics metrics)
    {
        var labels = metrics.Labels;
        html.Append("<h1>").Append(Encode(metrics.Title)).Append("</h1>\n<p class=\"lead\">")
            .Append(Encode($"{metrics.UsersEvaluated:N0} users scored on {labels.AsOf:yyyy-MM-dd}, judged on what they spent in the {labels.HorizonDays} days after " +
                           $"({labels.PositiveUsers:N0} of {labels.Users:N0} labelled users spent something). Models: {string.Join(", ", metrics.Models.Select(m => m.Name))}."));
        if (metrics.Edges.Source == EvaluationEdges.FromLabels)
            html.Append(Encode(" Bucket edges come from these labels, not from the training thresholds."));
        html.Append("</p>\n");
    }

    private static void HeadlineTable(StringBuilder html, EvaluationMetrics metrics)
    {
        html.Append("<h2>Headline</h2>\n<table class=\"headline\">\n<tr><th>question</th>");
        foreach (var model in metrics.Models) html.Append("<th>").Append(Encode(model.Name)).Append("</th>");
        html.Append("<th>how to read</th></tr>\n");
        foreach (var row in Headline.For(metrics))
        {
            int best = row.Best(metrics.Models);
            html.Append("<tr><td>").Append(Encode(row.Question)).Append("</td>");
            for (int m = 0; m < metrics.Models.Count; m++)
                html.Append(m == best ? "<td class=\"best\">" : "<td>").Append(Encode(row.Format(row.Value(metrics.Models[m])))).Append("</td>");
            html.Append("<td class=\"reading\">").Append(Encode(row.Reading)).Append("</td></tr>\n");
        }
        html.Append("</table>\n<p class=\"how\">")
            .Append(Encode("For budgets, sum ltv_expected: it weighs every bucket's value by its probability. ltv_pred is the value of " +
                           "the single most likely bucket, so users predicted in the zero bucket count 0 although some of them will pay, " +
                           "and its total falls far short of what users actually spend. Use ltv_pred with the bucket to segment users, not to add them up."))
            .Append("</p>\n");
    }

    private static void CapturedTable(StringBuilder html, EvaluationMetrics metrics)
    {
        html.Append("<table>\n<tr><th>users targeted</th>");
        foreach (var model in metrics.Models) html.Append("<th>").Append(Encode(model.Name)).Append("</th>");
        html.Append("<th>perfect order</th></tr>\n");
        var first = metrics.Models[0].ValueCaptured;
        for (int i = 0; i < first.Count; i++)
        {
            html.Append("<tr><td>").Append(Encode($"top {first[i].Fraction:0.#%} ({first[i].Users:N0} users)")).Append("</td>");
            foreach (var model in metrics.Models) html.Append("<td>").Append(Headline.Percent(model.ValueCaptured[i].Model)).Append("</td>");
            html.Append("<td>").Append(Headline.Percent(first[i].Perfect)).Append("</td></tr>\n");
        }
        html.Append("</table>\n");
    }

    private static void BucketShareTable(StringBuilder html, EvaluationMetrics metrics)
    {
        html.Append("<table>\n<tr><th>bucket</th><th>actual share</th>");
        foreach (var model in metrics.Models) html.Append("<th>").Append(Encode($"{model.Name}: predicted share")).Append("</th>");
        html.Append("</tr>\n");
        var first = metrics.Models[0].Calibration;
        for (int b = 0; b < first.Count; b++)
        {
            html.Append("<tr><td>").Append(b).Append("</td><td>").Append(Headline.Percent(first[b].ActualShare)).Append("</td>");
            foreach (var model in metrics.Models) html.Append("<td>").Append(Headline.Percent(model.Calibration[b].MeanProbability)).Append("</td>");
            html.Append("</tr>\n");
        }
        html.Append("</table>\n");
    }

    private static void ConfusionTable(StringBuilder html, ModelEvaluation model)
    {
        var matrix = model.Metrics.Classification.ConfusionMatrix;
        html.Append("<h3>").Append(Encode(model.Name)).Append("</h3>\n<table class=\"matrix\">\n<tr><th>true \\ predicted</th>");
        for (int c = 0; c < matrix.Count; c++) html.Append("<th>").Append(c).Append("</th>");
        html.Append("</tr>\n");
        for (int r = 0; r < matrix.Count; r++)
        {
            long total = matrix[r].Sum();
            html.Append("<tr><th>").Append(r).Append("</th>");
            for (int c = 0; c < matrix[r].Count; c++)
            {
                double share = total > 0 ? (double)matrix[r][c] / total : 0;
                // Shade by the row share so the diagonal stands out: white (0%) to green (100%).
                int light = (int)Math.Round(255 - 120 * share);
                html.Append(CultureInfo.InvariantCulture, $"<td style=\"background: rgb({light}, 255, {light})\">")
                    .Append(CultureInfo.InvariantCulture, $"{matrix[r][c]:N0} ({share:0%})").Append("</td>");
            }
            html.Append("</tr>\n");
        }
        html.Append("</table>\n");
    }

    private static void AllMetrics(StringBuilder html, EvaluationMetrics metrics)
    {
        html.Append("<h2>All metrics</h2>\n<details><summary>Every number of <code>metrics.json</code> (formulas in docs/metrics.md)</summary>\n<table>\n<tr><th>metric</th>");
        foreach (var model in metrics.Models) html.Append("<th>").Append(Encode(model.Name)).Append("</th>");
        html.Append("</tr>\n");
        var columns = metrics.Models.Select(m => m.Metrics.Scalars().ToDictionary(p => p.Key, p => p.Value)).ToList();
        foreach (string name in columns[0].Keys.Where(k => !k.Contains(".deciles.") && !k.Contains(".confusion_matrix.")))
        {
            html.Append("<tr><td>").Append(Encode(name)).Append("</td>");
            foreach (var column in columns)
                html.Append("<td>").Append(column.TryGetValue(name, out double v) && double.IsFinite(v) ? v.ToString("G6", CultureInfo.InvariantCulture) : "n/a").Append("</td>");
            html.Append("</tr>\n");
        }
        html.Append("</table>\n</details>\n<p class=\"how\">");
        foreach (var model in metrics.Models)
            html.Append(Encode($"{model.Name}: {model.Partition} (model {string.Join(", ", model.ModelVersions)}). ")).Append("<br>\n");
        html.Append(Encode($"Labels: {metrics.Labels.Directory}. Edges from {metrics.Edges.Source}{(metrics.Edges.File is null ? "" : $" ({metrics.Edges.File})")}, SVA split {metrics.Edges.SvaSplit:G4}."))
            .Append("</p>\n");
    }

    private static void Section(StringBuilder html, string title, string how) =>
        html.Append("<h2>").Append(Encode(title)).Append("</h2>\n<p class=\"how\">").Append(Encode(how)).Append("</p>\n");

    private static void Charts(StringBuilder html, params ChartImage[] charts)
    {
        html.Append("<div class=\"charts\">\n");
        foreach (var chart in charts)
            html.Append(CultureInfo.InvariantCulture, $"<img src=\"{chart.DataUri}\" width=\"{chart.Width}\" height=\"{chart.Height}\" alt=\"{Encode(chart.Title)}\">\n");
        html.Append("</div>\n");
    }

    // The zero edge (1e-6) reads as 0 to a person.
    private static string Money(double edge) => edge <= 1e-6 ? "0" : edge.ToString("N2", CultureInfo.InvariantCulture);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
