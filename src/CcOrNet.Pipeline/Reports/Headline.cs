using CcOrNet.Pipeline.Evaluation;

namespace CcOrNet.Pipeline.Reports;

/// <summary>One row of the report's headline table: a question in plain words, how to read it, and each model's answer.</summary>
/// <param name="Question">What the number answers, e.g. "Value held by the top 1% predicted users".</param>
/// <param name="Reading">How to read it, e.g. "higher is better; perfect order: 41%".</param>
/// <param name="Value">The number of a model.</param>
/// <param name="Format">How to print it.</param>
/// <param name="Better">+1 when higher is better, -1 when lower is, 0 when closest to zero is.</param>
internal sealed record Headline(string Question, string Reading, Func<ModelEvaluation, double> Value, Func<double, string> Format, int Better)
{
    public static IReadOnlyList<Headline> For(EvaluationMetrics metrics)
    {
        double k = metrics.TopFraction, w = metrics.WhaleFraction;
        var captured = metrics.Models[0].ValueCaptured.FirstOrDefault(c => Math.Abs(c.Fraction - k) < 1e-12);
        string perfectCaptured = captured is null ? "" : $"; the best possible is {Percent(captured.Perfect)}";
        return
        [
            new($"Value held by the top {Share(k)} of users by prediction", $"higher is better{perfectCaptured}",
                m => m.Metrics.Business.ValueCapturedAtK, Percent, +1),
            new($"Whales found: of the top {Share(w)} spenders, share in the top {Share(k)} predicted", "higher is better; random picking finds about k of them",
                m => m.Metrics.Business.WhaleRecallAtK, Percent, +1),
            new("Ranking quality (normalised Gini)", "1 = perfect order, 0 = random",
                m => m.Metrics.Ranking.GiniNormalized, v => Number(v, "F3"), +1),
            new("Telling payers from non-payers (AUC)", "1 = perfect, 0.5 = coin flip",
                m => m.Metrics.Classification.PayerAuc, v => Number(v, "F3"), +1),
            new("Top bucket listed first by whale_score (average precision)", "1 = every top-bucket user ahead of everyone else; a random list scores about the top bucket's share of users",
                m => m.Metrics.Classification.TopBucketAveragePrecision, v => Number(v, "F3"), +1),
            new("Budget error: total ltv_expected vs actual total (the column to sum for budgets)", "closest to 0% is best; + means overestimated",
                m => m.Budget.LtvExpectedError, SignedPercent, 0),
            new("Budget error: total ltv_pred vs actual total", "users predicted in the zero bucket add 0, so this runs low; do not sum ltv_pred for budgets",
                m => m.Budget.LtvPredError, SignedPercent, 0),
            new("Average miss per user, relative to average value (NMAE)", "lower is better",
                m => m.Metrics.Regression.Nmae, v => Number(v, "F3"), -1),
            new("Users put in the right value band: none / low / high (SVA)", "higher is better",
                m => m.Metrics.Business.Sva, Percent, +1),
            new("Users put in the right bucket", "higher is better",
                m => m.Metrics.Classification.BucketAccuracy, Percent, +1),
            new("Whale bias: average miss on users truly in the top bucket", "lower is better (money per user)",
                m => m.Metrics.Regression.AmbeTopBucket, v => Number(v, "N2"), -1),
        ];
    }

    /// <summary>The index of the best model on this row, or -1 when there is only one model or no finite value.</summary>
    public int Best(IReadOnlyList<ModelEvaluation> models)
    {
        if (models.Count < 2) return -1;
        var scored = models.Select((m, i) => (Index: i, Score: Score(Value(m)))).Where(p => double.IsFinite(p.Score)).ToList();
        return scored.Count == 0 ? -1 : scored.MaxBy(p => p.Score).Index;
    }

    private double Score(double value) => Better switch { > 0 => value, < 0 => -value, _ => -Math.Abs(value) };

    internal static string Percent(double value) => double.IsFinite(value) ? value.ToString("0.0%") : "n/a";

    private static string SignedPercent(double value) => double.IsFinite(value) ? value.ToString("+0.0%;-0.0%") : "n/a";

    private static string Share(double fraction) => fraction.ToString("0.##%");

    private static string Number(double value, string format) => double.IsFinite(value) ? value.ToString(format) : "n/a";
}
