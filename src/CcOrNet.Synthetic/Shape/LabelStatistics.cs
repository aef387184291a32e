namespace CcOrNet.Synthetic.Shape;

/// <summary>Concentration and rank statistics of a label vector.</summary>
internal static class LabelStatistics
{
    /// <summary>Share of the total held by the largest ceil(fraction * n) values; 0 when the total is 0.</summary>
    public static double TopShare(double[] descending, double total, double fraction)
    {
        if (descending.Length == 0 || total <= 0) return 0;
        int k = TopCount(descending.Length, fraction);
        double top = 0;
        for (int i = 0; i < k; i++) top += descending[i];
        return top / total;
    }

    /// <summary>ceil(fraction * n), at least 1.</summary>
    public static int TopCount(int n, double fraction) => Math.Max(1, (int)Math.Ceiling(fraction * n - 1e-9));

    /// <summary>Gini = sum_i (2i - n - 1) x_(i) / (n sum x) with x ascending, i = 1..n; 0 when the total is 0.</summary>
    public static double Gini(double[] descending, double total)
    {
        int n = descending.Length;
        if (n == 0 || total <= 0) return 0;
        double weighted = 0;
        for (int j = 0; j < n; j++)
        {
            long i = n - j; // rank in ascending order
            weighted += (2.0 * i - n - 1) * descending[j];
        }
        return weighted / (n * total);
    }

    /// <summary>Spearman's rho: Pearson correlation of average ranks (ties share their mean rank); 0 if either side is constant.</summary>
    public static double Spearman(double[] x, double[] y)
    {
        if (x.Length != y.Length) throw new ArgumentException($"Spearman needs equal lengths, got {x.Length} and {y.Length}");
        double[] rx = AverageRanks(x), ry = AverageRanks(y);
        return Pearson(rx, ry);
    }

    internal static double[] AverageRanks(double[] values)
    {
        int n = values.Length;
        int[] order = Enumerable.Range(0, n).ToArray();
        Array.Sort(values.ToArray(), order);
        var ranks = new double[n];
        for (int start = 0; start < n;)
        {
            int end = start + 1;
            while (end < n && values[order[end]] == values[order[start]]) end++;
            double rank = (start + end + 1) / 2.0; // mean of 1-based ranks start+1..end
            for (int k = start; k < end; k++) ranks[order[k]] = rank;
            start = end;
        }
        return ranks;
    }

    private static double Pearson(double[] a, double[] b)
    {
        int n = a.Length;
        if (n == 0) return 0;
        double ma = a.Average(), mb = b.Average(), sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < n; i++)
        {
            double da = a[i] - ma, db = b[i] - mb;
            sab += da * db;
            saa += da * da;
            sbb += db * db;
        }
        return saa == 0 || sbb == 0 ? 0 : sab / Math.Sqrt(saa * sbb);
    }
}
