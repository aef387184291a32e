using CcOrNet.Model.Buckets;
using CcOrNet.Model.Data;
using TorchSharp.Modules;

namespace CcOrNet.Model.Models;

/// <summary>An LTV model (CC-OR-Net or a baseline) over a shared encoder; built by <see cref="LtvModelFactory"/>.</summary>
public interface ILtvModel : IDisposable
{
    /// <summary>Factory name: ccornet, ordinal, ziln, logmse or twostage.</summary>
    string ModelName { get; }

    FeatureLayout Layout { get; }

    BucketEdges Buckets { get; }

    /// <summary>Trainable parameters, for an optimizer or a gradient all-reduce.</summary>
    IEnumerable<Parameter> Parameters();

    /// <summary>Training mode (augmentation noise on) or evaluation mode.</summary>
    void SetTraining(bool training);

    /// <summary>The training objective on a labelled batch; the total keeps its graph for backward().</summary>
    LossBreakdown Loss(FeatureBatch batch);

    /// <summary>Per-user outputs, computed in evaluation mode without gradients.</summary>
    Predictions Predict(FeatureBatch batch);

    /// <summary>
    /// After training, fits CC-OR-Net's per-bucket value scale on labelled training batches so the mean predicted
    /// value of each true bucket matches its mean label (values stay inside their bucket). No-op for the baselines.
    /// Saved with the weights.
    /// </summary>
    void CalibrateValues(IEnumerable<FeatureBatch> batches);

    /// <summary>The per-bucket value scales <see cref="CalibrateValues"/> fitted (all 1 before, and for baselines).</summary>
    IReadOnlyList<double> ValueScales();

    /// <summary>Writes the weights (TorchSharp format).</summary>
    void Save(string path);

    /// <summary>Reads weights written by <see cref="Save"/> for the same model name, layout, buckets and options (strict).</summary>
    void Load(string path);
}
