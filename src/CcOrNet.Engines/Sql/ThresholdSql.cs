using System.Globalization;
using System.Text;
using CcOrNet.Core.Thresholds;

namespace CcOrNet.Engines.Sql;

/// <summary>The SQL of the thresholds job over a features relation, for every engine.</summary>
public sealed class ThresholdSql(ISqlDialect dialect, string features, string label)
{
    private readonly ISqlDialect _d = dialect;
    private readonly string _label = dialect.Identifier(label);

    /// <summary>One row: users, positive labels, labels that are NULL, NaN or infinite.</summary>
    public string Counts() =>
        $"SELECT count(*), count(*) FILTER (WHERE {_label} > {Number(BucketThresholds.ZeroEdge)}), " +
        $"count(*) FILTER (WHERE {_label} IS NULL OR NOT {_d.IsFinite(_label)}) FROM {features}";

    /// <summary>One row, one list: the quantiles of the positive labels.</summary>
    public string LabelQuantiles(IReadOnlyList<double> quantiles, QuantileMode mode) =>
        $"SELECT {_d.Quantiles(_label, quantiles, mode)} FROM {features} WHERE {_label} > {Number(BucketThresholds.ZeroEdge)}";

    /// <summary>
    /// One row: mean and population std of each column after its transform, and its count of NaN or infinite values (the
    /// std skips them: an engine may fail on them instead of returning NaN).
    /// </summary>
    public string MeanAndStd(IReadOnlyList<(string Column, FeatureTransform Transform)> columns) =>
        "SELECT " + string.Join(", ", columns.Select(c =>
        {
            string raw = _d.Identifier(c.Column), x = Transformed(raw, c.Transform);
            return $"avg({x}), coalesce(stddev_pop({x}) FILTER (WHERE {_d.IsFinite(raw)}), 0), count(*) FILTER (WHERE NOT {_d.IsFinite(raw)})";
        })) + $" FROM {features}";

    /// <summary>One row: count, then sum and sum of squares of each column after the transform (to pool a sequence channel).</summary>
    public string Sums(IReadOnlyList<string> columns, FeatureTransform transform)
    {
        var select = new StringBuilder("SELECT count(*)");
        foreach (string column in columns)
        {
            string x = Transformed(_d.Identifier(column), transform);
            select.Append($", sum({x}), sum({x} * {x})");
        }
        return select.Append($" FROM {features}").ToString();
    }

    /// <summary>Values of a categorical column seen at least <paramref name="minCount"/> times, most frequent first, ties by value.</summary>
    public string Vocabulary(string column, long minCount)
    {
        string c = _d.Identifier(column);
        return $"SELECT {c}, count(*) AS n FROM {features} WHERE {c} IS NOT NULL GROUP BY {c} HAVING count(*) >= {minCount} ORDER BY n DESC, {c}";
    }

    /// <summary>SQL of <see cref="Normalisation.Apply"/>.</summary>
    public static string Transformed(string x, FeatureTransform transform) =>
        transform == FeatureTransform.SignedLog1p ? $"(sign({x}) * ln(1 + abs({x})))" : x;

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
