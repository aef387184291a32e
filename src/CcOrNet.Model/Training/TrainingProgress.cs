namespace CcOrNet.Model.Training;

/// <summary>Reported after each epoch.</summary>
public sealed record TrainingProgress(int Epoch, int Epochs, double MeanLoss, IReadOnlyDictionary<string, double> MeanTerms);
