using System.Text.Json;
using CcOrNet.Core.Metrics;

namespace CcOrNet.Core.Tests.Metrics;

public class MetricsReportTests
{
    private static readonly double[] Actual = [0, 0, 10, 30];
    private static readonly double[] Predicted = [1, 2, 4, 3];

    [Fact]
    public void Compute_EmptyInput_ThrowsArgumentException()
    {
        var error = Assert.Throws<ArgumentException>(() => MetricsReport.Compute([], [], TestContexts.FourBuckets()));

        Assert.Contains("actual is empty", error.Message);
    }

    [Fact]
    public void Compute_LengthMismatch_NamesBothLengths()
    {
        var error = Assert.Throws<ArgumentException>(() => MetricsReport.Compute(Actual, [1, 2, 3], TestContexts.FourBuckets()));

        Assert.Contains("predicted has 3 values; expected 4", error.Message);
    }

    [Fact]
    public void Compute_NegativeActual_NamesIndexAndValue()
    {
        var error = Assert.Throws<ArgumentException>(() => MetricsReport.Compute([0, 5, -2, -1], Predicted, TestContexts.FourBuckets()));

        Assert.Contains("actual has 2 value(s) below 0 (first at index 2: -2)", error.Message);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Compute_NonFinitePrediction_Throws(double bad)
    {
        var error = Assert.Throws<ArgumentException>(() => MetricsReport.Compute(Actual, [1, bad, 3, 4], TestContexts.FourBuckets()));

        Assert.Contains("predicted has 1 NaN or infinite value(s) (first at index 1", error.Message);
    }

    [Fact]
    public void Compute_NaNActual_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => MetricsReport.Compute([0, double.NaN, 1, 2], Predicted, TestContexts.FourBuckets()));

        Assert.Contains("actual has 1 NaN or infinite value(s)", error.Message);
    }

    [Fact]
    public void Compute_BadContext_ListsEveryProblemInOneMessage()
    {
        var context = TestContexts.FourBuckets(svaThreshold: double.NaN) with
        {
            RankingScore = [1, 2],
            PredictedBuckets = [0, 4, -1, 3],
            PayerProbability = [0.1, 0.2, 0.3, double.NaN],
            BucketProbabilities = [[1, 1, 1, 1], [0, 0, 0, 0]],
            TopFraction = 0,
            WhaleFraction = 1.5,
        };

        var error = Assert.Throws<ArgumentException>(() => MetricsReport.Compute(Actual, Predicted, context));

        Assert.Contains("7 problem(s)", error.Message);
        Assert.Contains("context.RankingScore has 2 values; expected 4", error.Message);
        Assert.Contains("context.PredictedBuckets has 2 value(s) outside [0, 4) (first at index 1: 4)", error.Message);
        Assert.Contains("context.PayerProbability has 1 NaN or infinite value(s)", error.Message);
        Assert.Contains("context.BucketProbabilities has 2 columns; expected 4", error.Message);
        Assert.Contains("context.MedianPositiveTrainingLabel is NaN", error.Message);
        Assert.Contains("context.TopFraction is 0; expected a fraction in (0, 1]", error.Message);
        Assert.Contains("context.WhaleFraction is 1.5", error.Message);
    }

    [Fact]
    public void Compute_Counts_DescribeTheUsers()
    {
        var report = MetricsReport.Compute(Actual, Predicted, TestContexts.FourBuckets());

        Assert.Equal(4, report.Count);
        Assert.Equal(2, report.PositiveCount);
        Assert.Equal(40, report.TotalActual);
    }

    [Fact]
    public void ToJson_StableSnakeCaseNames_UndefinedMetricsAreNull()
    {
        // No payers: the payer AUC and the normalised Gini are undefined.
        var report = MetricsReport.Compute([0, 0, 0, 0], Predicted, TestContexts.FourBuckets());

        using var json = JsonDocument.Parse(report.ToJson());
        var root = json.RootElement;

        Assert.Equal(JsonValueKind.Null, root.GetProperty("classification").GetProperty("payer_auc").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("ranking").GetProperty("gini_normalized").ValueKind);
        Assert.Equal(4, root.GetProperty("count").GetInt32());
    }

    [Fact]
    public void Scalars_KeyMetrics_HaveStableNamesAndMatchProperties()
    {
        var report = MetricsReport.Compute(Actual, Predicted, TestContexts.FourBuckets());

        var scalars = report.Scalars().ToDictionary();

        // These names are metrics.json keys that dashboards and run comparisons depend on.
        Assert.Equal(report.Ranking.GiniNormalized, scalars["ranking.gini_normalized"]);
        Assert.Equal(report.Ranking.GiniRaw, scalars["ranking.gini_raw"]);
        Assert.Equal(report.Ranking.Spearman, scalars["ranking.spearman"]);
        Assert.Equal(report.RankingPositive.GiniNormalized, scalars["ranking_positive.gini_normalized"]);
        Assert.Equal(report.Regression.Nmae, scalars["regression.nmae"]);
        Assert.Equal(report.Regression.Nrmse, scalars["regression.nrmse"]);
        Assert.Equal(report.Regression.Ambe, scalars["regression.ambe"]);
        Assert.Equal(report.Regression.AmbeTopBucket, scalars["regression.ambe_top_bucket"]);
        Assert.Equal(report.Regression.MapePositive, scalars["regression.mape_positive"]);
        Assert.Equal(report.Regression.Deciles[0].MeanActual, scalars["regression.deciles.0.mean_actual"]);
        Assert.Equal(report.Classification.BucketAccuracy, scalars["classification.bucket_accuracy"]);
        Assert.Equal(report.Classification.TopBucketF1, scalars["classification.top_bucket_f1"]);
        Assert.Equal(report.Classification.PayerAuc, scalars["classification.payer_auc"]);
        Assert.Equal(report.Classification.Buckets[3].F1, scalars["classification.buckets.3.f1"]);
        Assert.Equal(report.Classification.ConfusionMatrix[3][2], scalars["classification.confusion_matrix.3.2"]);
        Assert.Equal(report.Business.Sva, scalars["business.sva"]);
        Assert.Equal(report.Business.WhaleRecallAtK, scalars["business.whale_recall_at_k"]);
        Assert.Equal(report.Business.ValueCapturedAtK, scalars["business.value_captured_at_k"]);
    }
}
