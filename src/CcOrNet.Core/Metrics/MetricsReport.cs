using System.Globalization;
using System.Text.Json;

namespace CcOrNet.Core.Metrics;

/// <summary>
/// Every LTV evaluation metric for one set of users (docs/metrics.md has the formulas and what each tells a
/// growth team). Undefined metrics (e.g. AUC without payers) are NaN, written as <c>null</c> in JSON. Names are
/// stable: <see cref="ToJson"/> and <see cref="Scalars"/> derive them from the property names in snake_case.
/// </summary>
/// <param name="Count">Users evaluated.</param>
/// <param name="PositiveCount">Users with y &gt; 0 (payers).</param>
/// <param name="TotalActual">Sum of actual values.</param>
/// <param name="Ranking">Ranking quality over all users, by the ranking score.</param>
/// <param name="RankingPositive">Ranking quality among payers only (y &gt; 0): does the model order the spenders.</param>
/// <param name="Regression">Value accuracy of the predicted values.</param>
/// <param name="Classification">Bucket accuracy and payer AUC.</param>
/// <param name="Business">SVA, whale recall and value captured at k.</param>
public sealed record MetricsReport(
    int Count,
    int PositiveCount,
    double TotalActual,
    RankingMetrics Ranking,
    RankingMetrics RankingPositive,
    RegressionMetrics Regression,
    ClassificationMetrics Classification,
    BusinessMetrics Business)
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Converters = { new NonFiniteAsNullConverter() },
    };

    /// <summary>
    /// Computes every metric in O(n log n) (a few sorts of n keys, no per-user allocation).
    /// </summary>
    /// <param name="actual">True values y &gt;= 0, one per user.</param>
    /// <param name="predicted">Predicted values yhat (e.g. <c>ltv_pred</c>), aligned with <paramref name="actual"/>.</param>
    /// <param name="context">Bucket edges, the SVA threshold, fractions and optional per-user scores.</param>
    /// <exception cref="ArgumentException">
    /// Empty input, mismatched lengths, NaN or infinite values, negative actual values, bucket indices out of
    /// range or invalid context settings; the message lists every problem found.
    /// </exception>
    public static MetricsReport Compute(ReadOnlySpan<double> actual, ReadOnlySpan<double> predicted, EvaluationContext context)
    {
        MetricsInputs.Validate(actual, predicted, context);

        ReadOnlySpan<double> score = context.RankingScore is { } ranking ? ranking : predicted;
        var truth = RankedValues.Of(actual);
        var byScore = RankedValues.Of(score);
        var (positiveActual, positiveScore) = Positives(actual, score);
        var buckets = PredictedBuckets.Of(predicted, context);
        var rankingPositive = positiveActual.Length == 0
            ? RankingMetrics.Empty
            : RankingMetrics.Compute(positiveActual, RankedValues.Of(positiveActual), RankedValues.Of(positiveScore));

        // The further sorts are made only when their key differs from the ranking score, and each is used by
        // one group right away, so at most three sorted keys are alive at a time.
        return new MetricsReport(
            actual.Length,
            positiveActual.Length,
            Sum(actual),
            RankingMetrics.Compute(actual, truth, byScore),
            rankingPositive,
            RegressionMetrics.Compute(actual, predicted, buckets, context.Edges,
                byPredicted: context.RankingScore is null ? byScore : RankedValues.Of(predicted)),
            ClassificationMetrics.Compute(actual, buckets, context, byScore),
            BusinessMetrics.Compute(actual, predicted, score, context, truth, byScore, positiveActual.Length));
    }

    /// <summary>The report as indented JSON with snake_case names; NaN metrics are <c>null</c>.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>
    /// Every number of the report as (path, value) pairs, the path being the JSON path with dots, e.g.
    /// <c>ranking.gini_normalized</c>, <c>classification.buckets.3.f1</c> (list items by 0-based index).
    /// NaN where the JSON holds null.
    /// </summary>
    public IEnumerable<KeyValuePair<string, double>> Scalars()
    {
        var pairs = new List<KeyValuePair<string, double>>();
        Flatten(JsonSerializer.SerializeToElement(this, JsonOptions), "", pairs);
        return pairs;
    }

    private static void Flatten(JsonElement element, string path, List<KeyValuePair<string, double>> pairs)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                    Flatten(property.Value, Join(path, property.Name), pairs);
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                    Flatten(item, Join(path, (index++).ToString(CultureInfo.InvariantCulture)), pairs);
                break;
            case JsonValueKind.Number:
                pairs.Add(new(path, element.GetDouble()));
                break;
            case JsonValueKind.Null:
                pairs.Add(new(path, double.NaN));
                break;
            default:
                throw new InvalidOperationException($"Metrics report holds a {element.ValueKind} at '{path}'; expected only numbers.");
        }
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;

    private static (double[] Actual, double[] Score) Positives(ReadOnlySpan<double> actual, ReadOnlySpan<double> score)
    {
        var count = 0;
        foreach (var y in actual)
        {
            if (y > 0)
                count++;
        }
        var positiveActual = new double[count];
        var positiveScore = new double[count];
        for (int i = 0, j = 0; i < actual.Length; i++)
        {
            if (actual[i] > 0)
            {
                positiveActual[j] = actual[i];
                positiveScore[j++] = score[i];
            }
        }
        return (positiveActual, positiveScore);
    }

    private static double Sum(ReadOnlySpan<double> values)
    {
        double sum = 0;
        foreach (var v in values)
            sum += v;
        return sum;
    }
}
