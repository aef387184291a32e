using System.Runtime.InteropServices;
using CcOrNet.Lake.Predictions;
using CcOrNet.Model.Buckets;
using CcOrNet.Model.Bundles;
using CcOrNet.Model.Data;
using CcOrNet.Model.Models;
using CcOrNet.Pipeline.Resilience;
using CcOrNet.Pipeline.Scoring;
using CcOrNet.Pipeline.Tests.Training;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using TorchSharp.Modules;

namespace CcOrNet.Pipeline.Tests.Scoring;

[Collection("Training")]
public sealed class InferenceRetryTests(TrainingLake lake)
{
    private static readonly DateOnly AsOf = new(2025, 7, 1);

    [Fact]
    public async Task ShardScorer_TransientNativeErrorInInference_RetriedAndTheShardEqualsACleanRun()
    {
        using var bundle = ModelBundle.Load(await ScoringBundle.GetAsync(lake));
        var table = await new BundleScorer(bundle).OpenAsync(lake.FeaturesDirectory);
        var groups = table.RowGroups.Where(g => g.File == table.RowGroups[0].File).ToList();
        var options = new ScoreOptions { ModelDirectory = "unused", FeaturesDirectory = lake.FeaturesDirectory, OutputDirectory = "unused", BatchSize = 200, RowGroupRows = 150 };
        var schema = new PredictionSchema(bundle.Manifest.Buckets.BucketCount);
        async Task<byte[]> ScoreShardAsync(ILtvModel model, ResiliencePipeline inference)
        {
            using var output = new MemoryStream();
            await new ShardScorer(table, model, schema, bundle.Manifest.ModelVersion, AsOf, options, inference).ScoreAsync(groups, output, _ => { }, CancellationToken.None);
            return output.ToArray();
        }
        var clean = await ScoreShardAsync(bundle.Model, InferenceRetry.Create(NullLogger.Instance));
        var logger = new ListLogger();
        var flaky = new FlakyModel(bundle.Model, failingCalls: [0, 1], () => new ExternalException("Expected false to be true ... (toFloat at c10/core/Scalar.h:104)"));

        var retried = await ScoreShardAsync(flaky, InferenceRetry.Create(logger));

        Assert.Equal(clean, retried);
        Assert.Equal(2, logger.Warnings.Count(w => w.Contains("transient native error")));
    }

    [Fact]
    public async Task ShardScorer_OtherInferenceError_FailsAtOnce()
    {
        using var bundle = ModelBundle.Load(await ScoringBundle.GetAsync(lake));
        var table = await new BundleScorer(bundle).OpenAsync(lake.FeaturesDirectory);
        var options = new ScoreOptions { ModelDirectory = "unused", FeaturesDirectory = lake.FeaturesDirectory, OutputDirectory = "unused", BatchSize = 200 };
        var logger = new ListLogger();
        var broken = new FlakyModel(bundle.Model, failingCalls: [0, 1, 2, 3], () => new ExternalException("a real native failure"));
        var scorer = new ShardScorer(table, broken, new PredictionSchema(bundle.Manifest.Buckets.BucketCount), "v", AsOf, options, InferenceRetry.Create(logger));

        var error = await Assert.ThrowsAsync<ExternalException>(async () => await scorer.ScoreAsync(table.RowGroups, new MemoryStream(), _ => { }, CancellationToken.None));

        Assert.Equal("a real native failure", error.Message);
        Assert.Equal(1, broken.Calls);
        Assert.Empty(logger.Warnings);
    }

    /// <summary>The real model, except that the given Predict calls (0-based) throw instead of predicting.</summary>
    private sealed class FlakyModel(ILtvModel inner, int[] failingCalls, Func<Exception> error) : ILtvModel
    {
        public int Calls { get; private set; }
        public string ModelName => inner.ModelName;
        public FeatureLayout Layout => inner.Layout;
        public BucketEdges Buckets => inner.Buckets;
        public IEnumerable<Parameter> Parameters() => inner.Parameters();
        public void SetTraining(bool training) => inner.SetTraining(training);
        public LossBreakdown Loss(FeatureBatch batch) => inner.Loss(batch);

        public Predictions Predict(FeatureBatch batch)
        {
            if (failingCalls.Contains(Calls++)) throw error();
            return inner.Predict(batch);
        }

        public void CalibrateValues(IEnumerable<FeatureBatch> batches) => inner.CalibrateValues(batches);
        public IReadOnlyList<double> ValueScales() => inner.ValueScales();
        public void Save(string path) => inner.Save(path);
        public void Load(string path) => inner.Load(path);
        public void Dispose() { }
    }
}
