namespace CcOrNet.Core.Metrics;

/// <summary>
/// One sort of a key per user, shared by every metric that needs that order: the keys ascending, the users
/// in that order, and each user's 1-based average rank (tied keys share the mean of the ranks they span,
/// the expected rank when ties are broken at random). Ties are exact equality of doubles.
/// </summary>
internal sealed class RankedValues
{
    private RankedValues(double[] sortedKeys, int[] order, double[] ranks)
    {
        SortedKeys = sortedKeys;
        Order = order;
        Ranks = ranks;
    }

    public int Count => Order.Length;

    /// <summary>The keys in ascending order.</summary>
    public double[] SortedKeys { get; }

    /// <summary><c>Order[j]</c> is the user at ascending position j.</summary>
    public int[] Order { get; }

    /// <summary><c>Ranks[i]</c> is user i's average rank, 1 for the smallest key, n for the largest.</summary>
    public double[] Ranks { get; }

    /// <summary>True when every key is equal (a single tie group).</summary>
    public bool IsConstant => SortedKeys[0] == SortedKeys[^1];

    /// <summary>Sorts the keys in O(n log n) and assigns average ranks in one pass.</summary>
    public static RankedValues Of(ReadOnlySpan<double> keys)
    {
        var sorted = keys.ToArray();
        var order = new int[sorted.Length];
        for (var i = 0; i < order.Length; i++)
            order[i] = i;
        Array.Sort(sorted, order);

        var ranks = new double[sorted.Length];
        for (var start = 0; start < sorted.Length;)
        {
            var end = GroupEnd(sorted, start);
            // Positions start..end-1 hold ranks start+1..end; their mean is (start + 1 + end) / 2.
            var averageRank = (start + 1 + end) / 2.0;
            for (var j = start; j < end; j++)
                ranks[order[j]] = averageRank;
            start = end;
        }
        return new RankedValues(sorted, order, ranks);
    }

    /// <summary>The exclusive end of the tie group starting at ascending position <paramref name="start"/>.</summary>
    public static int GroupEnd(double[] sorted, int start)
    {
        var end = start + 1;
        while (end < sorted.Length && sorted[end] == sorted[start])
            end++;
        return end;
    }

    /// <summary>
    /// The tie-aware selection of the <paramref name="count"/> largest keys: users above the cut key are in,
    /// users on it are in with the probability a random order of their tie group would put them in.
    /// </summary>
    public TopCut TopCut(int count)
    {
        if (count <= 0)
            return new TopCut(double.PositiveInfinity, 0);
        var n = SortedKeys.Length;
        var cutPosition = n - Math.Min(count, n);
        var cutKey = SortedKeys[cutPosition];
        var groupStart = cutPosition;
        while (groupStart > 0 && SortedKeys[groupStart - 1] == cutKey)
            groupStart--;
        var groupEnd = GroupEnd(SortedKeys, cutPosition);
        var above = n - groupEnd;
        var tieWeight = (double)(Math.Min(count, n) - above) / (groupEnd - groupStart);
        return new TopCut(cutKey, tieWeight);
    }
}
