namespace CcOrNet.Model.Training;

/// <summary>In-memory training settings; defaults in one place.</summary>
/// <param name="Epochs">Passes over the batches.</param>
/// <param name="LearningRate">Adam learning rate.</param>
/// <param name="Seed">Seeds the batch order and Torch's generator (augmentation noise).</param>
/// <param name="ShuffleBatches">Visit batches in a seeded random order each epoch.</param>
/// <param name="GradientClipNorm">Clip the global gradient norm to this value; 0 = no clipping.</param>
/// <param name="WeightDecay">Adam weight decay.</param>
public sealed record TrainerOptions(
    int Epochs = 10,
    double LearningRate = 1e-3,
    long Seed = 0,
    bool ShuffleBatches = true,
    double GradientClipNorm = 5.0,
    double WeightDecay = 0)
{
    /// <summary>Throws one <see cref="ArgumentException"/> listing every broken rule.</summary>
    public TrainerOptions Validate()
    {
        var errors = new List<string>();
        if (Epochs < 1) errors.Add($"Epochs must be >= 1 (got {Epochs})");
        if (!(LearningRate > 0)) errors.Add($"LearningRate must be > 0 (got {LearningRate})");
        if (GradientClipNorm < 0) errors.Add($"GradientClipNorm must be >= 0 (got {GradientClipNorm})");
        if (WeightDecay < 0) errors.Add($"WeightDecay must be >= 0 (got {WeightDecay})");
        if (errors.Count > 0) throw new ArgumentException("Invalid trainer options: " + string.Join("; ", errors));
        return this;
    }
}
