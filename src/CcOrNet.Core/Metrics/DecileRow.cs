namespace CcOrNet.Core.Metrics;

/// <summary>One tenth of the users by predicted value: how the prediction compares with reality there.</summary>
/// <param name="Decile">1 for the highest predictions, 10 for the lowest.</param>
/// <param name="Count">Users in the decile (0 when ties pushed its users into a neighbour).</param>
/// <param name="MeanPredicted">Mean predicted value; NaN when empty.</param>
/// <param name="MeanActual">Mean actual value; NaN when empty.</param>
/// <param name="ActualShare">The decile's share of the total actual value (NaN when the total is 0).</param>
public sealed record DecileRow(int Decile, int Count, double MeanPredicted, double MeanActual, double ActualShare)
{
    internal const int Groups = 10;

    /// <summary>
    /// Splits users by descending predicted value into ten groups, keeping each tie group whole: a group whose
    /// users occupy descending positions a .. a+m-1 (0-based) goes to decile <c>floor(10 * (a + m/2) / n) + 1</c>
    /// (capped at 10), the decile of its midpoint. Without ties that is the usual equal split.
    /// </summary>
    internal static IReadOnlyList<DecileRow> Table(ReadOnlySpan<double> actual, ReadOnlySpan<double> predicted, RankedValues byPredicted)
    {
        var n = actual.Length;
        var counts = new int[Groups];
        var predictedSums = new double[Groups];
        var actualSums = new double[Groups];
        double total = 0;
        var sorted = byPredicted.SortedKeys;
        for (var start = 0; start < n;)
        {
            var end = RankedValues.GroupEnd(sorted, start);
            // Ascending positions start..end-1 are descending positions n-end .. n-start-1.
            var above = n - end;
            var midpoint = above + (end - start) / 2.0;
            var decile = Math.Min(Groups - 1, (int)Math.Floor(Groups * midpoint / n));
            for (var j = start; j < end; j++)
            {
                var user = byPredicted.Order[j];
                predictedSums[decile] += predicted[user];
                actualSums[decile] += actual[user];
                total += actual[user];
            }
            counts[decile] += end - start;
            start = end;
        }

        var rows = new DecileRow[Groups];
        for (var d = 0; d < Groups; d++)
        {
            var count = counts[d];
            rows[d] = new DecileRow(
                d + 1,
                count,
                count > 0 ? predictedSums[d] / count : double.NaN,
                count > 0 ? actualSums[d] / count : double.NaN,
                total > 0 ? actualSums[d] / total : double.NaN);
        }
        return Array.AsReadOnly(rows);
    }
}
