using CcOrNet.Model.Buckets;
using CcOrNet.Model.Data;
using CcOrNet.Model.Models;
using CcOrNet.Model.Options;
using CcOrNet.Model.Tests.Support;

namespace CcOrNet.Model.Tests.Models;

/// <summary>Properties that hold for any weights and inputs: ordinality, valid probabilities, bucket-consistent values.</summary>
[Collection("Torch")]
public sealed class CcOrNetPropertyTests
{
    public static TheoryData<string, int, double, string> Cases => new()
    {
        { "ccornet", 1, 1.0, "default" },
        { "ccornet", 2, 20.0, "default" },
        { "ccornet", 3, 5.0, "exceedance" },
        { "ccornet", 8, 5.0, "argmax" },
        { "ccornet", 4, 5.0, "gru" },
        { "ccornet", 5, 5.0, "noresidual" },
        { "ccornet", 6, 5.0, "noaugmentation" },
        { "ccornet", 9, 5.0, "whalerelative" },
        { "ordinal", 7, 5.0, "default" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Predict_RandomWeightsAndInputs_OrdinalAndBucketConsistent(string name, int seed, double featureScale, string variant)
    {
        using var batch = SyntheticLtv.Batch(600, seed, withLabels: false, featureScale: featureScale);
        var buckets = new BucketEdges([1e-6, 5, 40], TopUpper: 500, BucketMeans: [0, 2, 15, 120]);
        using var model = LtvModelFactory.Create(name, SyntheticLtv.Layout, buckets, Options(variant), seed);
        SpreadOverBuckets(model, seed, batch);

        var prediction = model.Predict(batch);

        for (int u = 0; u < prediction.Count; u++)
        {
            var p = prediction.BucketProbabilities.Select(column => column[u]).ToArray();
            Assert.All(p, pb => Assert.True(pb >= 0, $"p_b = {pb} < 0"));
            Assert.Equal(1.0, p.Sum(), 1e-5);
            Assert.True(prediction.WhaleScore[u] <= prediction.PPayer[u], "E_{K-1} above E_1");
            Assert.Equal(1 - p[0], prediction.PPayer[u], 1e-5);
            Assert.Equal(p[^1], prediction.WhaleScore[u], 1e-6);

            int bucket = prediction.Bucket[u];
            float value = prediction.LtvPred[u];
            if (bucket == 0)
            {
                Assert.Equal(0f, value);
            }
            else
            {
                Assert.InRange(value, buckets.Lower(bucket) * (1 - 1e-5), buckets.Upper(bucket) * (1 + 1e-5));
            }
            Assert.InRange(prediction.LtvExpected[u], 0f, (float)buckets.TopUpper * (1 + 1e-5f));
        }
        AssertHigherBucketNeverLowerValue(prediction);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Outputs_RandomWeightsAndInputs_EveryBucketValueInsideItsRange(string name, int seed, double featureScale, string variant)
    {
        using var batch = SyntheticLtv.Batch(400, seed, withLabels: false, featureScale: featureScale);
        var buckets = new BucketEdges([1e-6, 5, 40], TopUpper: 500, BucketMeans: [0, 2, 15, 120]);
        using var model = (CcOrNetModel)LtvModelFactory.Create(name, SyntheticLtv.Layout, buckets, Options(variant), seed);
        model.SetTraining(false);
        using var scope = TorchSharp.torch.NewDisposeScope();
        using var noGrad = TorchSharp.torch.no_grad();

        var outputs = model.Outputs(batch);
        var values = outputs.BucketValues!;
        var expected = (outputs.BucketProbabilities * values).sum(1);

        Assert.True((values.select(1, 0) == 0).all().item<bool>(), "zero bucket value must be 0");
        for (int b = 1; b < buckets.BucketCount; b++)
        {
            var column = values.select(1, b);
            Assert.True((column >= buckets.Lower(b) * (1 - 1e-5)).all().item<bool>(), $"bucket {b} value below {buckets.Lower(b)}");
            Assert.True((column <= buckets.Upper(b) * (1 + 1e-5)).all().item<bool>(), $"bucket {b} value above {buckets.Upper(b)}");
        }
        Assert.True(TorchSharp.torch.allclose(outputs.LtvExpected, expected, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void Predict_RandomWeights_ExceedanceNeverIncreasesAcrossHeads()
    {
        using var batch = SyntheticLtv.Batch(500, seed: 11, withLabels: false, featureScale: 10);
        var buckets = new BucketEdges([1e-6, 1, 5, 40, 100], TopUpper: 500);
        using var model = (CcOrNetModel)LtvModelFactory.Create("ccornet", SyntheticLtv.Layout, buckets, seed: 11);
        model.SetTraining(false);

        using var scope = TorchSharp.torch.NewDisposeScope();
        using var noGrad = TorchSharp.torch.no_grad();
        var exceedance = model.Outputs(batch).Exceedance;

        Assert.True((exceedance.narrow(1, 1, 4) <= exceedance.narrow(1, 0, 4)).all().item<bool>());
    }

    [Fact]
    public void Predict_Ordinal_EachBucketPredictsItsTrainingMean()
    {
        using var batch = SyntheticLtv.Batch(300, seed: 3, withLabels: false, featureScale: 5);
        var buckets = new BucketEdges([1e-6, 5, 40], TopUpper: 500, BucketMeans: [0, 2, 15, 120]);
        using var model = LtvModelFactory.Create("ordinal", SyntheticLtv.Layout, buckets, seed: 3);
        SpreadOverBuckets(model, 3, batch);

        var prediction = model.Predict(batch);

        Assert.True(prediction.Bucket.Distinct().Count() >= 3,
            "the seeded weights should route users to several buckets: " + string.Join(", ", prediction.Bucket.CountBy(b => b)));
        for (int u = 0; u < prediction.Count; u++)
        {
            Assert.Equal((float)buckets.BucketMeans![prediction.Bucket[u]], prediction.LtvPred[u]);
            double expected = Enumerable.Range(0, 4).Sum(b => prediction.BucketProbabilities[b][u] * buckets.BucketMeans[b]);
            Assert.Equal(expected, prediction.LtvExpected[u], expected * 1e-5 + 1e-6);
        }
    }

    /// <summary>
    /// Sharper cascade heads with seeded biases, so that random models spread users over every bucket. The cumulative
    /// link (the "ordinal" baseline) gets its cutpoints at the 30th, 60th and 85th percentile of its scores on the batch.
    /// </summary>
    private static void SpreadOverBuckets(ILtvModel model, int seed, FeatureBatch batch)
    {
        var random = new Random(seed);
        var parameters = ((TorchSharp.torch.nn.Module)model).named_parameters().ToDictionary(p => p.name, p => p.parameter);
        using var noGrad = TorchSharp.torch.no_grad();
        if (parameters.TryGetValue("cascade.first_cutpoint", out var firstCutpoint))
        {
            // E_1 = sigmoid(f - theta_1), so the scores are logit(E_1) + theta_1.
            double theta1 = firstCutpoint.item<float>();
            var scores = model.Predict(batch).PPayer.Select(e => Math.Log(e / (1 - e)) + theta1).Order().ToArray();
            double[] cutpoints = [.. new[] { 0.30, 0.60, 0.85 }.Select(q => scores[(int)(q * (scores.Length - 1))])];
            firstCutpoint.fill_(cutpoints[0]);
            // softplus(raw) + MinimumGap = gap, so raw = log(exp(gap - MinimumGap) - 1).
            parameters["cascade.cutpoint_gaps"].copy_(TorchSharp.torch.tensor(
                cutpoints.Zip(cutpoints.Skip(1), (a, b) => (float)Math.Log(Math.Exp(b - a - 1e-3) - 1)).ToArray()));
            return;
        }
        foreach (var (name, parameter) in parameters)
        {
            if (name == "cascade.output_weight") parameter.mul_(20);
            if (name == "cascade.output_bias")
                parameter.copy_(TorchSharp.torch.tensor(Enumerable.Range(0, (int)parameter.shape[0]).Select(_ => (float)(random.NextDouble() * 2)).ToArray()));
        }
    }

    private static void AssertHigherBucketNeverLowerValue(Predictions prediction)
    {
        var byBucket = Enumerable.Range(0, prediction.Count).GroupBy(u => prediction.Bucket[u])
            .OrderBy(g => g.Key)
            .Select(g => (Bucket: g.Key, Min: g.Min(u => prediction.LtvPred[u]), Max: g.Max(u => prediction.LtvPred[u])))
            .ToList();
        for (int i = 1; i < byBucket.Count; i++)
            Assert.True(byBucket[i].Min >= byBucket[i - 1].Max,
                $"bucket {byBucket[i].Bucket} min {byBucket[i].Min} below bucket {byBucket[i - 1].Bucket} max {byBucket[i - 1].Max}");
    }

    private static ModelOptions Options(string variant) => variant switch
    {
        "exceedance" => new ModelOptions(CcOrNet: new CcOrNetOptions(Rule: BucketRule.Exceedance)),
        "argmax" => new ModelOptions(CcOrNet: new CcOrNetOptions(Rule: BucketRule.Argmax)),
        "gru" => new ModelOptions(Encoder: new EncoderOptions(SequenceKind: SequenceEncoderKind.Gru)),
        "noresidual" => new ModelOptions(CcOrNet: new CcOrNetOptions(UseResidual: false)),
        "noaugmentation" => new ModelOptions(CcOrNet: new CcOrNetOptions(UseAugmentation: false)),
        "whalerelative" => new ModelOptions(CcOrNet: new CcOrNetOptions(WhaleLoss: WhaleValueLoss.RelativeError)),
        _ => new ModelOptions(),
    };
}
