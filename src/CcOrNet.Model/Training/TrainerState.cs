using System.Text.Json;

namespace CcOrNet.Model.Training;

/// <summary>
/// Progress of a streamed training run, saved with every checkpoint (<see cref="FileName"/>): enough, with the weights
/// and the optimizer state, to continue exactly where it stopped. Data order and Torch's generator are derived from
/// (seed, epoch), so no generator state needs saving.
/// </summary>
/// <param name="RunKey">What must not change on resume (model, options, data fingerprint, seed).</param>
/// <param name="EpochsDone">Completed epochs.</param>
/// <param name="BestEpoch">1-based epoch with the lowest validation loss so far (0 = none yet).</param>
/// <param name="BestValidationLoss">That loss.</param>
/// <param name="EpochsWithoutImprovement">Epochs since the best one (early stopping counter).</param>
/// <param name="Stopped">True when early stopping ended the run.</param>
/// <param name="TrainLosses">Mean training loss per epoch.</param>
/// <param name="ValidationLosses">Validation loss per epoch.</param>
public sealed record TrainerState(
    string RunKey,
    int EpochsDone,
    int BestEpoch,
    double BestValidationLoss,
    int EpochsWithoutImprovement,
    bool Stopped,
    IReadOnlyList<double> TrainLosses,
    IReadOnlyList<double> ValidationLosses)
{
    public const string FileName = "trainer_state.json";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static TrainerState Start(string runKey) => new(runKey, 0, 0, double.PositiveInfinity, 0, false, [], []);

    /// <summary>The state after one more epoch; lower validation loss (by more than <paramref name="minDelta"/>) makes it the best.</summary>
    public TrainerState After(double trainLoss, double validationLoss, int patience, double minDelta = 0)
    {
        int epoch = EpochsDone + 1;
        bool improved = validationLoss < BestValidationLoss - minDelta || (BestEpoch == 0 && !double.IsNaN(validationLoss));
        int without = improved ? 0 : EpochsWithoutImprovement + 1;
        return this with
        {
            EpochsDone = epoch,
            BestEpoch = improved ? epoch : BestEpoch,
            BestValidationLoss = improved ? validationLoss : BestValidationLoss,
            EpochsWithoutImprovement = without,
            Stopped = without >= patience,
            TrainLosses = [.. TrainLosses, trainLoss],
            ValidationLosses = [.. ValidationLosses, validationLoss],
        };
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static TrainerState Parse(string json) =>
        JsonSerializer.Deserialize<TrainerState>(json, Json) ?? throw new JsonException("the trainer state is 'null'");
}
