using CcOrNet.Core.Metrics;

namespace CcOrNet.Core.Tests.Metrics;

/// <summary>Small evaluation contexts shared by the hand-worked metric tests.</summary>
internal static class TestContexts
{
    /// <summary>K = 4 buckets: zero (y &lt;= 1e-6), (1e-6, 10], (10, 20], above 20. SVA split at 10.</summary>
    public static EvaluationContext FourBuckets(double svaThreshold = 10) => new()
    {
        Edges = new BucketEdges([1e-6, 10, 20]),
        MedianPositiveTrainingLabel = svaThreshold,
    };
}
