using CcOrNet.Model.Buckets;
using CcOrNet.Model.Data;
using CcOrNet.Model.Models;
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
    public void CalibrateValues_CalibratedRule_SharePredictedAboveEachEdgeMatchesTheLabels()
    {
        using var train = SyntheticLtv.Batch(2048, seed: 47);
        var edges = SyntheticLtv.Edges(train);
        using var model = LtvModelFactory.Create("ccornet", SyntheticLtv.Layout, edges, seed: 7);
        var batches = train.Split(256);
        new Trainer(new TrainerOptions(Epochs: 1, LearningRate: 3e-3, Seed: 7)).Fit(model, batches);
        var labels = SyntheticLtv.Labels(train);

        model.CalibrateValues(batches);

        var predicted = model.Predict(train).Bucket;
        var thresholds = ((CcOrNetModel)model).ExceedanceThresholds();
        Assert.Contains(thresholds, t => Math.Abs(t - 0.5f) > 1e-3);
        for (int k = 1; k < edges.BucketCount; k++)
        {
            int truly = labels.Count(y => edges.BucketOf(y) >= k);
            int routed = predicted.Count(b => b >= k);
            // Exactly `truly` users reach tau_k (ties aside); users reaching a higher edge's tau but not tau_k come on top.
            Assert.InRange(routed, truly, truly + train.Count / 20);
        }
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
    public void SaveLoad_CalibratedCcOrNet_KeepsTheScales()
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
