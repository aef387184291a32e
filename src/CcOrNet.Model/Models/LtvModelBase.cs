using CcOrNet.Model.Buckets;
using CcOrNet.Model.Data;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CcOrNet.Model.Models;

/// <summary>What every LTV model shares: batch checks, loss and prediction scopes, weights I/O.</summary>
internal abstract class LtvModelBase : nn.Module, ILtvModel
{
    protected LtvModelBase(string modelName, FeatureLayout layout, BucketEdges buckets) : base(modelName)
    {
        ModelName = modelName;
        Layout = layout;
        Buckets = buckets;
    }

    public string ModelName { get; }
    public FeatureLayout Layout { get; }
    public BucketEdges Buckets { get; }

    public IEnumerable<Parameter> Parameters() => parameters();

    public void SetTraining(bool training) => train(training);

    /// <summary>The objective's terms (unweighted values, each with its weight) on the caller's dispose scope.</summary>
    internal abstract IReadOnlyList<LossTerm> LossTerms(FeatureBatch batch);

    /// <summary>Forward pass to per-user outputs on the caller's dispose scope.</summary>
    internal abstract ModelOutputs Outputs(FeatureBatch batch);

    /// <summary>
    /// The forward pass <see cref="Predict"/> runs (no gradients, evaluation mode): the same outputs as
    /// <see cref="Outputs"/> to float rounding, free to skip work that only training needs.
    /// </summary>
    internal virtual ModelOutputs InferenceOutputs(FeatureBatch batch) => Outputs(batch);

    public LossBreakdown Loss(FeatureBatch batch)
    {
        batch.Validate(Layout);
        batch.RequireLabel();
        using var scope = NewDisposeScope();
        var terms = LossTerms(batch);
        var total = terms.Select(t => t.Value * t.Weight).Aggregate((a, b) => a + b);
        var values = terms.ToDictionary(t => t.Name, t => (double)t.Value.item<float>());
        return new LossBreakdown(total.MoveToOuterDisposeScope(), values);
    }

    /// <remarks>
    /// Runs under inference mode (no autograd bookkeeping). A model already in evaluation mode is not touched, so
    /// several threads may score with one model at once (each thread its own batches).
    /// </remarks>
    public Predictions Predict(FeatureBatch batch)
    {
        batch.Validate(Layout);
        bool wasTraining = training;
        if (wasTraining) eval();
        try
        {
            using var inference = torch.inference_mode();
            using var scope = NewDisposeScope();
            return Predictions.From(InferenceOutputs(batch));
        }
        finally
        {
            if (wasTraining) train();
        }
    }

    /// <summary>Baselines model their values directly; only CC-OR-Net has a value calibration to fit.</summary>
    public virtual void CalibrateValues(IEnumerable<FeatureBatch> batches)
    {
    }

    public virtual IReadOnlyList<double> ValueScales() => Enumerable.Repeat(1.0, Buckets.BucketCount).ToArray();

    public void Save(string path) => save(path);

    public void Load(string path) => load(path, strict: true);
}
