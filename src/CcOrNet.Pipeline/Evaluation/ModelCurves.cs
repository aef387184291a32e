namespace CcOrNet.Pipeline.Evaluation;

/// <summary>
/// The chart data of one model that the metrics library does not keep: Lorenz curves, value captured at several k,
/// calibration by bucket. Ties follow the library's convention: a tie group is taken in random order, so inside it
/// the expected cumulative value grows linearly.
/// </summary>
internal static class ModelCurves
{
    public static LorenzCurve Lorenz(double[] actual, double[] score, int points)
    {
        var model = CumulativeValue.Of(actual, score);
        var perfect = CumulativeValue.Of(actual, actual);
        int n = actual.Length;
        var x = Enumerable.Range(0, points).Select(i => (double)i / (points - 1)).ToArray();
        return new LorenzCurve(x, x.Select(s => model.ShareAt(s * n)).ToArray(), x.Select(s => perfect.ShareAt(s * n)).ToArray());
    }

    public static IReadOnlyList<CapturedValue> Captured(double[] actual, double[] score, IEnumerable<double> fractions)
    {
        var model = CumulativeValue.Of(actual, score);
        var perfect = CumulativeValue.Of(actual, actual);
        return fractions.Select(k =>
        {
            int users = TopCount(k, actual.Length);
            return new CapturedValue(k, users, model.ShareAt(users), perfect.ShareAt(users));
        }).ToArray();
    }

    public static IReadOnlyList<BucketCalibration> Calibration(
        double[] actual, double[] predicted, double[] expected, int[] bucket, IReadOnlyList<double[]> probabilities, IReadOnlyList<double> edges)
    {
        int k = probabilities.Count, n = actual.Length;
        var count = new int[k];
        var sumPredicted = new double[k];
        var sumExpected = new double[k];
        var sumActual = new double[k];
        var trueCount = new int[k];
        for (int i = 0; i < n; i++)
        {
            int b = bucket[i];
            count[b]++;
            sumPredicted[b] += predicted[i];
            sumExpected[b] += expected[i];
            sumActual[b] += actual[i];
            trueCount[CcOrNet.Core.Metrics.BucketEdges.BucketOf(edges, actual[i])]++;
        }
        return Enumerable.Range(0, k).Select(b => new BucketCalibration(
            b,
            count[b],
            count[b] > 0 ? sumPredicted[b] / count[b] : double.NaN,
            count[b] > 0 ? sumExpected[b] / count[b] : double.NaN,
            count[b] > 0 ? sumActual[b] / count[b] : double.NaN,
            probabilities[b].Average(),
            (double)trueCount[b] / n)).ToArray();
    }

    /// <summary>ceil(k * n), at least 1: the same count the metrics library targets (its float nudge included).</summary>
    internal static int TopCount(double fraction, int n) => Math.Clamp((int)Math.Ceiling(fraction * n * (1 - 1e-12)), 1, n);

    /// <summary>Cumulative value at the end of each tie group, users ordered by descending key.</summary>
    private sealed class CumulativeValue
    {
        private readonly List<int> _usersAtEnd = [0];
        private readonly List<double> _valueAtEnd = [0];
        private double _total;

        public static CumulativeValue Of(double[] actual, double[] key)
        {
            var order = Enumerable.Range(0, actual.Length).ToArray();
            var keys = key.ToArray();
            Array.Sort(keys, order);
            var curve = new CumulativeValue();
            double value = 0;
            for (int end = keys.Length; end > 0;)
            {
                int start = end - 1;
                while (start > 0 && keys[start - 1] == keys[end - 1]) start--;
                for (int j = start; j < end; j++) value += actual[order[j]];
                curve._usersAtEnd.Add(keys.Length - start);
                curve._valueAtEnd.Add(value);
                end = start;
            }
            curve._total = value;
            return curve;
        }

        /// <summary>Expected share of value held by the first <paramref name="users"/> users (may be fractional).</summary>
        public double ShareAt(double users)
        {
            if (_total <= 0) return double.NaN;
            int group = _usersAtEnd.BinarySearch((int)Math.Ceiling(users));
            if (group < 0) group = ~group;
            group = Math.Clamp(group, 1, _usersAtEnd.Count - 1);
            int before = _usersAtEnd[group - 1], after = _usersAtEnd[group];
            double within = (Math.Clamp(users, before, after) - before) / (after - before);
            return (_valueAtEnd[group - 1] + within * (_valueAtEnd[group] - _valueAtEnd[group - 1])) / _total;
        }
    }
}
