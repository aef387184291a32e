namespace CcOrNet.Model.Training;

/// <summary>Loss history of a training run.</summary>
/// <param name="EpochLosses">Mean total loss per epoch.</param>
/// <param name="StepLosses">Total loss of every optimizer step, in order.</param>
public sealed record TrainingResult(IReadOnlyList<double> EpochLosses, IReadOnlyList<double> StepLosses);
