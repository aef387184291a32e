using CcOrNet.Core.Metrics;

namespace CcOrNet.Core.Tests.Metrics;

/// <summary>
/// The fast O(n log n) statistics against slow references on small random data full of ties: the Gini and the
/// top-k metrics against brute force over every way to break the ties, Spearman and AUC against O(n^2) pair
/// counting. Fixed seeds.
/// </summary>
public class TieAwareCrossCheckTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void Gini_RandomTies_EqualsMeanOverAllTieBreakingOrders(int seed)
    {
        var random = new Random(seed);
        var n = random.Next(2, 8);
        var (actual, score) = TiedData(random, n);
        if (actual.Sum() == 0)
            actual[0] = 1;

        var fast = RankStatistics.Gini(actual, RankedValues.Of(score).Ranks);

        // Every permutation of the users is a tie-breaking priority; sorting by (score desc, priority) gives one
        // order a random tie-break can produce, all equally likely.
        var orders = Permutations(n).Select(priority => DescendingOrder(score, priority)).ToList();
        var expected = orders.Average(order => LorenzGini(actual, order));
        Assert.Equal(expected, fast, 12);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(14)]
    [InlineData(15)]
    public void Spearman_RandomTies_EqualsPearsonOfNaiveAverageRanks(int seed)
    {
        var random = new Random(seed);
        var n = random.Next(3, 60);
        var (actual, score) = TiedData(random, n);

        var fast = RankStatistics.Spearman(RankedValues.Of(actual).Ranks, RankedValues.Of(score).Ranks);

        Assert.Equal(Pearson(NaiveAverageRanks(actual), NaiveAverageRanks(score)), fast, 12);
    }

    [Theory]
    [InlineData(21)]
    [InlineData(22)]
    [InlineData(23)]
    [InlineData(24)]
    [InlineData(25)]
    public void PayerAuc_RandomTies_EqualsPairCountingWithHalfTies(int seed)
    {
        var random = new Random(seed);
        var n = random.Next(3, 60);
        var (actual, score) = TiedData(random, n);
        actual[0] = 0;
        actual[1] = 3;

        var fast = RankStatistics.Auc(actual, 0, RankedValues.Of(score).Ranks);

        double wins = 0, pairs = 0;
        for (var i = 0; i < n; i++)
        for (var j = 0; j < n; j++)
        {
            if (actual[i] > 0 && actual[j] == 0)
            {
                pairs++;
                wins += score[i] > score[j] ? 1 : score[i] == score[j] ? 0.5 : 0;
            }
        }
        Assert.Equal(wins / pairs, fast, 12);
    }

    [Theory]
    [InlineData(51)]
    [InlineData(52)]
    [InlineData(53)]
    [InlineData(54)]
    [InlineData(55)]
    public void AveragePrecision_RandomTies_EqualsMeanOverAllTieBreakingOrders(int seed)
    {
        var random = new Random(seed);
        var n = random.Next(3, 7);
        var (actual, score) = TiedData(random, n);
        actual[0] = 7.5;

        var fast = RankStatistics.AveragePrecision(actual, 5, RankedValues.Of(score));

        double positives = actual.Count(y => y > 5);
        var expected = Permutations(n).Average(p =>
        {
            double hits = 0, sum = 0;
            var order = DescendingOrder(score, p);
            for (var position = 1; position <= n; position++)
            {
                if (actual[order[position - 1]] > 5)
                    sum += ++hits / position;
            }
            return sum / positives;
        });
        Assert.Equal(expected, fast, 12);
    }

    [Theory]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(33)]
    [InlineData(34)]
    [InlineData(35)]
    [InlineData(36)]
    [InlineData(37)]
    [InlineData(38)]
    [InlineData(39)]
    [InlineData(40)]
    [InlineData(41)]
    [InlineData(42)]
    public void RecallAndValueCaptured_RandomTies_EqualMeanOverAllTieBreakingOrders(int seed)
    {
        var random = new Random(seed);
        var n = random.Next(3, 7);
        var (actual, score) = TiedData(random, n);
        if (actual.Sum() == 0)
            actual[0] = 2;
        var topFraction = random.Next(1, n) / (double)n;
        var whaleFraction = random.Next(1, n) / (double)n;
        var context = TestContexts.FourBuckets() with { TopFraction = topFraction, WhaleFraction = whaleFraction };

        var business = MetricsReport.Compute(actual, score, context).Business;

        var topCount = TopCut.CountFor(topFraction, n);
        var whaleCount = Math.Min(TopCut.CountFor(whaleFraction, n), actual.Count(y => y > 0));
        var permutations = Permutations(n).ToList();
        var targetedSets = permutations.Select(p => DescendingOrder(score, p).Take(topCount).ToHashSet()).ToList();
        var whaleSets = permutations.Select(p => DescendingOrder(actual, p).Take(whaleCount).ToHashSet()).ToList();
        long whalesFound = 0; // an exact integer sum, so the reference carries no rounding of its own
        foreach (var targeted in targetedSets)
        foreach (var whales in whaleSets)
            whalesFound += whales.Count(targeted.Contains);
        var expectedRecall = (double)whalesFound / ((long)targetedSets.Count * whaleSets.Count * whaleCount);
        var expectedCaptured = targetedSets.Average(set => set.Sum(i => actual[i])) / actual.Sum();

        Assert.Equal(topCount, business.TopCount);
        Assert.Equal(whaleCount, business.WhaleCount);
        Assert.Equal(expectedRecall, business.WhaleRecallAtK, 12);
        Assert.Equal(expectedCaptured, business.ValueCapturedAtK, 12);
    }

    /// <summary>Values from small sets so that ties are frequent; about half the users have y = 0.</summary>
    private static (double[] Actual, double[] Score) TiedData(Random random, int n)
    {
        var actual = new double[n];
        var score = new double[n];
        for (var i = 0; i < n; i++)
        {
            actual[i] = random.Next(2) == 0 ? 0 : random.Next(1, 5) * 2.5;
            score[i] = random.Next(0, 4);
        }
        return (actual, score);
    }

    /// <summary>Users by descending key; equal keys by ascending priority.</summary>
    private static int[] DescendingOrder(double[] keys, int[] priority) =>
        Enumerable.Range(0, keys.Length).OrderByDescending(i => keys[i]).ThenBy(i => priority[i]).ToArray();

    /// <summary>G = 2A - 1 with A the trapezoid area under the cumulative value share curve.</summary>
    private static double LorenzGini(double[] actual, int[] order)
    {
        double total = actual.Sum(), cumulative = 0, previousShare = 0, area = 0;
        foreach (var user in order)
        {
            cumulative += actual[user];
            var share = cumulative / total;
            area += (previousShare + share) / 2 / order.Length;
            previousShare = share;
        }
        return 2 * area - 1;
    }

    /// <summary>1 + the number of smaller values + half the number of other equal values.</summary>
    private static double[] NaiveAverageRanks(double[] values) =>
        values.Select(v => 1 + values.Count(o => o < v) + (values.Count(o => o == v) - 1) / 2.0).ToArray();

    private static double Pearson(double[] a, double[] b)
    {
        double meanA = a.Average(), meanB = b.Average(), covariance = 0, varianceA = 0, varianceB = 0;
        for (var i = 0; i < a.Length; i++)
        {
            covariance += (a[i] - meanA) * (b[i] - meanB);
            varianceA += (a[i] - meanA) * (a[i] - meanA);
            varianceB += (b[i] - meanB) * (b[i] - meanB);
        }
        return covariance / Math.Sqrt(varianceA * varianceB);
    }

    private static IEnumerable<int[]> Permutations(int n)
    {
        var items = Enumerable.Range(0, n).ToArray();
        return Permute(items, 0);

        static IEnumerable<int[]> Permute(int[] items, int start)
        {
            if (start == items.Length)
            {
                yield return (int[])items.Clone();
                yield break;
            }
            for (var i = start; i < items.Length; i++)
            {
                (items[start], items[i]) = (items[i], items[start]);
                foreach (var permutation in Permute(items, start + 1))
                    yield return permutation;
                (items[start], items[i]) = (items[i], items[start]);
            }
        }
    }
}
