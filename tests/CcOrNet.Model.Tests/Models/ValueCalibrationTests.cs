using CcOrNet.Model.Buckets;
using CcOrNet.Model.Data;
using CcOrNet.Model.Models;
using CcOrNet.Model.Options;
using CcOrNet.Model.Tests.Support;
using CcOrNet.Model.Training;
using TorchSharp;

namespace CcOrNet.Model.Tests.Models;

/// <summary>CalibrateValues: per true bucket, the mean value matches the mean label, and bucket consistency survives.</summary>
[Collection("Torch")]
public sealed class ValueCalibrationTests
{
    [Fact]
    public void CalibrateValues_TrainedCcOrNet_BucketMeansMatchLabelsAndStayInRange()
    {
        using var train = SyntheticLtv.Batch(2048, seed: 41);
        var edges = SyntheticLtv.Edges(train);
        using var model = LtvModelFactory.Create("ccornet", SyntheticLtv.Layout, edges, seed: 5);
        var batches = train.Split(256);
        new Trainer(new TrainerOptions(Epochs: 2, LearningRate: 3e-3, Seed: 5)).Fit(model, batches);
        int top = edges.TopBucket;
        var (beforeMean, labelMean) = OwnBucketMeans(model, train, edges, 1);

        model.CalibrateValues(batches);

        for (int b = 1; b < top; b++)
        {
            var (mean, target) = OwnBucketMeans(model, train, edges, b);
            Assert.True(Math.Abs(mean - target) <= 1e-3 * target, $"bucket {b}: mean value {mean} vs mean label {target}");
        }
        Assert.True(Math.Abs(beforeMean - labelMean) > 1e-3 * labelMean, "the task should need calibration for this test to mean anything");
        Assert.Contains(model.ValueScales().Skip(1), s => Math.Abs(s - 1) > 1e-3);
        var after = model.Predict(train);
        for (int i = 0; i < after.Count; i++)
        {
            int b = after.Bucket[i];
            Assert.InRange(after.LtvPred[i], (float)edges.Lower(b), (float)edges.Upper(b));
        }
    }

    [Fact]
    public void CalibrateValues_CalibratedRule_TopBucketF1AtLeastTheHalfThresholdRule()
    {
        using var run = TrainedOneEpoch(BucketRule.Calibrated, dataSeed: 47, seed: 7);
        var (train, edges, model, batches, truth) = run;
        // Before calibration the calibrated rule's thresholds are 0.5: the exceedance rule.
        double halfRule = TopF1(model.Predict(train).Bucket, truth, edges.TopBucket);

        model.CalibrateValues(batches);

        var thresholds = ((CcOrNetModel)model).ExceedanceThresholds();
        Assert.Contains(thresholds, t => Math.Abs(t - 0.5f) > 1e-3);
        double calibrated = TopF1(model.Predict(train).Bucket, truth, edges.TopBucket);
        // tau_top is the best threshold on E_top for the top bucket's F1; 0.5 is one of the thresholds it beat.
        Assert.True(calibrated >= halfRule, $"top-bucket F1 {calibrated} with fitted thresholds < {halfRule} at 0.5");
        Assert.True(calibrated > 0, "no user routed to the top bucket");
    }

    [Fact]
    public void CalibrateValues_ExpectedValueRule_RoutesByLtvExpectedAgainstEdgesThenFittedThresholds()
    {
        using var run = TrainedOneEpoch(BucketRule.ExpectedValue, dataSeed: 53, seed: 9);
        var (train, edges, model, batches, truth) = run;

        // Before calibration: the bucket is the number of edges the expected value reaches.
        var before = model.Predict(train);
        Assert.Equal(edges.Edges.Select(e => (float)e), ((CcOrNetModel)model).ExceedanceThresholds());
        for (int i = 0; i < before.Count; i++)
            Assert.Equal(edges.Edges.Count(e => before.LtvExpected[i] >= (float)e), before.Bucket[i]);
        double atEdges = TopF1(before.Bucket, truth, edges.TopBucket);

        model.CalibrateValues(batches);

        var thresholds = ((CcOrNetModel)model).ExceedanceThresholds();
        var after = model.Predict(train);
        for (int i = 0; i < after.Count; i++)
        {
            int reached = Enumerable.Range(0, thresholds.Count).Where(e => after.LtvExpected[i] >= thresholds[e]).Select(e => e + 1).DefaultIfEmpty(0).Max();
            Assert.Equal(reached, after.Bucket[i]);
            Assert.InRange(after.LtvPred[i], (float)edges.Lower(after.Bucket[i]), (float)edges.Upper(after.Bucket[i]));
        }
        // tau_top is the best cut of the calibrated ltv_expected for the top bucket's F1 on these rows; any cut, the
        // top edge included, scores at most that (the other thresholds only matter below the top bucket).
        double fitted = TopF1(after.Bucket, truth, edges.TopBucket);
        double atTopEdge = TopF1(after.LtvExpected.Select(v => v >= (float)edges.Edges[^1] ? edges.TopBucket : 0).ToArray(), truth, edges.TopBucket);
        Assert.True(fitted >= atTopEdge && fitted > 0, $"top-bucket F1 {fitted} with the fitted threshold, {atTopEdge} at the top edge (before calibration {atEdges})");
    }

    /// <summary>A CC-OR-Net trained one epoch on 2,048 synthetic users, and who of them is truly in the top bucket.</summary>
    private sealed record TrainedRun(FeatureBatch Train, BucketEdges Edges, ILtvModel Model, List<FeatureBatch> Batches, bool[] TopTruth) : IDisposable
    {
        public void Dispose()
        {
            Model.Dispose();
            Train.Dispose();
        }
    }

    private static TrainedRun TrainedOneEpoch(BucketRule rule, int dataSeed, int seed)
    {
        var train = SyntheticLtv.Batch(2048, seed: dataSeed);
        var edges = SyntheticLtv.Edges(train);
        var model = LtvModelFactory.Create("ccornet", SyntheticLtv.Layout, edges, new ModelOptions(CcOrNet: new CcOrNetOptions(Rule: rule)), seed: seed);
        var batches = train.Split(256);
        new Trainer(new TrainerOptions(Epochs: 1, LearningRate: 3e-3, Seed: seed)).Fit(model, batches);
        var truth = SyntheticLtv.Labels(train).Select(y => edges.BucketOf(y) == edges.TopBucket).ToArray();
        return new TrainedRun(train, edges, model, batches, truth);
    }

    private static double TopF1(int[] predicted, bool[] truth, int top)
    {
        int tp = 0, fp = 0, fn = 0;
        for (int i = 0; i < truth.Length; i++)
        {
            bool routed = predicted[i] == top;
            if (routed && truth[i]) tp++;
            else if (routed) fp++;
            else if (truth[i]) fn++;
        }
        return tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
    }

    [Fact]
    public void CalibrateValues_Baseline_LeavesPredictionsUnchanged()
    {
        using var train = SyntheticLtv.Batch(512, seed: 43);
        using var model = LtvModelFactory.Create("ziln", SyntheticLtv.Layout, SyntheticLtv.Edges(train), seed: 5);
        var before = model.Predict(train).LtvPred;

        model.CalibrateValues(train.Split(128));

        Assert.Equal(before, model.Predict(train).LtvPred);
        Assert.All(model.ValueScales(), s => Assert.Equal(1.0, s));
    }

    [Fact]
    public void SaveLoad_CalibratedCcOrNet_KeepsTheScalesAndThresholds()
    {
        using var train = SyntheticLtv.Batch(1024, seed: 45);
        var edges = SyntheticLtv.Edges(train);
        using var model = LtvModelFactory.Create("ccornet", SyntheticLtv.Layout, edges, seed: 5);
        model.CalibrateValues(train.Split(256));
        string path = Path.GetTempFileName();
        try
        {
            model.Save(path);
            using var loaded = LtvModelFactory.Create("ccornet", SyntheticLtv.Layout, edges, seed: 6);
            loaded.Load(path);
            Assert.Equal(model.ValueScales(), loaded.ValueScales());
            // The default rule's fitted bucket thresholds travel with the weights too.
            var thresholds = ((CcOrNetModel)model).ExceedanceThresholds();
            Assert.Contains(thresholds, t => t != 0.5f);
            Assert.Equal(thresholds, ((CcOrNetModel)loaded).ExceedanceThresholds());
            Assert.Equal(model.Predict(train).Bucket, loaded.Predict(train).Bucket);
            Assert.Equal(model.Predict(train).LtvPred, loaded.Predict(train).LtvPred);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Over users whose true bucket is b: the mean value the model gives them in bucket b, and their mean label.</summary>
    private static (double MeanValue, double MeanLabel) OwnBucketMeans(ILtvModel model, FeatureBatch batch, BucketEdges edges, int b)
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        model.SetTraining(false);
        var values = ((LtvModelBase)model).Outputs(batch).BucketValues!.select(1, b).data<float>().ToArray();
        var labels = SyntheticLtv.Labels(batch);
        var users = Enumerable.Range(0, labels.Length).Where(i => edges.BucketOf(labels[i]) == b).ToArray();
        return (users.Average(i => (double)values[i]), users.Average(i => (double)labels[i]));
    }
}
