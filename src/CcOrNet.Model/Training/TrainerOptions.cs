namespace CcOrNet.Model.Training;

/// <summary>In-memory training settings; defaults in one place.</summary>
/// <param name="Epochs">Passes over the batches.</param>
/// <param name="LearningRate">Adam learning rate.</param>
/// <param name="Seed">Seeds the batch order and Torch's generator (augmentation noise).</param>
/// <param name="ShuffleBatches">Visit batches in a seeded random order each epoch.</param>
/// <param name="GradientClipNorm">Clip the global gradient norm to this value; 0 = no clipping.</param>
/// <param name="WeightDecay">Adam weight decay.</param>
/// <param name="Decay">How the learning rate falls over the <paramref name="Epochs"/> (see <see cref="LearningRateSchedule"/>).</param>
/// <param name="StepsPerEpoch">Planned optimizer steps per epoch, for the decay (<see cref="StepsFor"/>); required with a
/// decay by the streaming trainer (the in-memory one counts its batches).</param>
public sealed record TrainerOptions(
    int Epochs = 10,
    double LearningRate = 1e-3,
    long Seed = 0,
    bool ShuffleBatches = true,
    double GradientClipNorm = 5.0,
    double WeightDecay = 0,
    LearningRateDecay Decay = LearningRateDecay.None,
    long StepsPerEpoch = 0)
{
    /// <summary>The learning rate of step <paramref name="stepInEpoch"/> of <paramref name="epoch"/>.</summary>
    public double LearningRateAt(int epoch, long stepInEpoch) =>
        LearningRate * LearningRateSchedule.Factor(Decay, epoch, stepInEpoch, StepsPerEpoch, Epochs);

    /// <summary>The planned <see cref="StepsPerEpoch"/> of an epoch over <paramref name="rows"/> in (global) batches of <paramref name="batchSize"/>.</summary>
    public static long StepsFor(long rows, int batchSize) => (rows + batchSize - 1) / batchSize;

    /// <summary>Throws one <see cref="ArgumentException"/> listing every broken rule.</summary>
    public TrainerOptions Validate()
    {
        var errors = new List<string>();
        if (Epochs < 1) errors.Add($"Epochs must be >= 1 (got {Epochs})");
        if (!(LearningRate > 0)) errors.Add($"LearningRate must be > 0 (got {LearningRate})");
        if (GradientClipNorm < 0) errors.Add($"GradientClipNorm must be >= 0 (got {GradientClipNorm})");
        if (WeightDecay < 0) errors.Add($"WeightDecay must be >= 0 (got {WeightDecay})");
        if (StepsPerEpoch < 0) errors.Add($"StepsPerEpoch must be >= 0 (got {StepsPerEpoch})");
        if (errors.Count > 0) throw new ArgumentException("Invalid trainer options: " + string.Join("; ", errors));
        return this;
    }
}
