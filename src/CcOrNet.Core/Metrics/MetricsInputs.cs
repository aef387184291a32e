using System.Globalization;

namespace CcOrNet.Core.Metrics;

/// <summary>Checks the inputs of <see cref="MetricsReport.Compute"/> once, up front, reporting every broken rule in one message.</summary>
internal static class MetricsInputs
{
    public static void Validate(ReadOnlySpan<double> actual, ReadOnlySpan<double> predicted, EvaluationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(context.Edges, nameof(context.Edges));
        var problems = new List<string>();
        var n = actual.Length;

        if (n == 0)
            problems.Add("actual is empty; expected at least one user");
        CheckValues(problems, "actual", actual, minimum: 0);
        CheckLength(problems, "predicted", predicted.Length, n);
        CheckValues(problems, "predicted", predicted, minimum: double.NegativeInfinity);
        if (context.RankingScore is { } score)
        {
            CheckLength(problems, "context.RankingScore", score.Length, n);
            CheckValues(problems, "context.RankingScore", score, minimum: double.NegativeInfinity);
        }
        if (context.PayerProbability is { } payer)
        {
            CheckLength(problems, "context.PayerProbability", payer.Length, n);
            CheckValues(problems, "context.PayerProbability", payer, minimum: double.NegativeInfinity);
        }
        var bucketCount = context.Edges.BucketCount;
        if (context.PredictedBuckets is { } buckets)
        {
            CheckLength(problems, "context.PredictedBuckets", buckets.Length, n);
            CheckBuckets(problems, buckets, bucketCount);
        }
        if (context.BucketProbabilities is { } probabilities)
        {
            if (probabilities.Count != bucketCount)
                problems.Add($"context.BucketProbabilities has {probabilities.Count} columns; expected {bucketCount}, one per bucket of {context.Edges}");
            for (var b = 0; b < probabilities.Count; b++)
            {
                var name = $"context.BucketProbabilities[{b}]";
                if (probabilities[b] is null)
                {
                    problems.Add($"{name} is null");
                    continue;
                }
                CheckLength(problems, name, probabilities[b].Length, n);
                CheckValues(problems, name, probabilities[b], minimum: 0);
            }
        }
        var threshold = context.MedianPositiveTrainingLabel;
        if (!double.IsFinite(threshold) || threshold <= 0)
            problems.Add($"context.MedianPositiveTrainingLabel is {Format(threshold)}; expected a finite value > 0");
        CheckFraction(problems, "context.TopFraction", context.TopFraction);
        CheckFraction(problems, "context.WhaleFraction", context.WhaleFraction);

        if (problems.Count > 0)
            throw new ArgumentException(
                $"Cannot compute metrics for {n} users: {problems.Count} problem(s): {string.Join("; ", problems)}.");
    }

    private static void CheckLength(List<string> problems, string name, int length, int expected)
    {
        if (length != expected)
            problems.Add($"{name} has {length} values; expected {expected}, one per actual value");
    }

    /// <summary>Flags NaN, infinities and values below <paramref name="minimum"/>, with their count and the first offender.</summary>
    private static void CheckValues(List<string> problems, string name, ReadOnlySpan<double> values, double minimum)
    {
        int nonFinite = 0, firstNonFinite = -1, belowMinimum = 0, firstBelow = -1;
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            if (!double.IsFinite(v))
            {
                if (nonFinite++ == 0)
                    firstNonFinite = i;
            }
            else if (v < minimum && belowMinimum++ == 0)
                firstBelow = i;
        }
        if (nonFinite > 0)
            problems.Add($"{name} has {nonFinite} NaN or infinite value(s) (first at index {firstNonFinite}: {Format(values[firstNonFinite])}); expected finite values");
        if (belowMinimum > 0)
            problems.Add($"{name} has {belowMinimum} value(s) below {Format(minimum)} (first at index {firstBelow}: {Format(values[firstBelow])}); expected values >= {Format(minimum)}");
    }

    private static void CheckBuckets(List<string> problems, int[] buckets, int bucketCount)
    {
        int outOfRange = 0, first = -1;
        for (var i = 0; i < buckets.Length; i++)
        {
            if ((uint)buckets[i] >= (uint)bucketCount && outOfRange++ == 0)
                first = i;
        }
        if (outOfRange > 0)
            problems.Add($"context.PredictedBuckets has {outOfRange} value(s) outside [0, {bucketCount}) (first at index {first}: {buckets[first]}); expected bucket indices below K = {bucketCount}");
    }

    private static void CheckFraction(List<string> problems, string name, double fraction)
    {
        if (!(fraction > 0 && fraction <= 1))
            problems.Add($"{name} is {Format(fraction)}; expected a fraction in (0, 1]");
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
