namespace CcOrNet.Model.Tests.Support;

/// <summary>Spearman's rho with average ranks for ties (a constant prediction scores 0, never in its favour).</summary>
internal static class Ranking
{
    public static double Spearman(IReadOnlyList<float> prediction, IReadOnlyList<float> actual)
    {
        var a = AverageRanks(prediction);
        var b = AverageRanks(actual);
        double meanA = a.Average(), meanB = b.Average();
        double cov = 0, varA = 0, varB = 0;
        for (int i = 0; i < a.Length; i++)
        {
            cov += (a[i] - meanA) * (b[i] - meanB);
            varA += (a[i] - meanA) * (a[i] - meanA);
            varB += (b[i] - meanB) * (b[i] - meanB);
        }
        return varA == 0 || varB == 0 ? 0 : cov / Math.Sqrt(varA * varB);
    }

    private static double[] AverageRanks(IReadOnlyList<float> values)
    {
        var order = Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Count];
        for (int start = 0; start < order.Length;)
        {
            int end = start;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[start]]) end++;
            for (int i = start; i <= end; i++) ranks[order[i]] = (start + end) / 2.0;
            start = end + 1;
        }
        return ranks;
    }
}
