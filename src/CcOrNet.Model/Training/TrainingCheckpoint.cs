using CcOrNet.Lake.Commit;
using CcOrNet.Model.Models;

namespace CcOrNet.Model.Training;

/// <summary>
/// The checkpoint folder of a streamed run: <c>last/</c> (weights, Adam state, <see cref="TrainerState"/> and
/// <c>best.weights</c>, the weights of the lowest validation loss so far) replaced atomically after every epoch, and
/// <c>initial/</c> (the state before the first epoch, for a retry when no epoch has finished).
/// </summary>
/// <remarks>
/// Each folder is written out of sight and published by renames (<see cref="StagedDirectory"/>), so a crash or a full
/// disk mid-write leaves the previous checkpoint whole and no partial files behind. The best weights live inside
/// <c>last/</c> so that they always belong to the same epoch as its state. Adam's moments and step counts are saved
/// (TorchSharp's <c>save_state_dict</c>), so a resumed run continues with the same optimizer state.
/// </remarks>
public sealed class TrainingCheckpoint(string directory)
{
    private const string Weights = "model.weights";
    private const string Optimizer = "optimizer.state";
    private const string BestWeights = "best.weights";

    public string Directory { get; } = Path.GetFullPath(directory);
    public string BestWeightsPath => Path.Combine(Last, BestWeights);
    private string Last => Path.Combine(Directory, "last");
    private string Initial => Path.Combine(Directory, "initial");

    /// <summary>The saved state, or null when there is no checkpoint.</summary>
    public TrainerState? ReadState()
    {
        string path = Path.Combine(Last, TrainerState.FileName);
        if (!File.Exists(path)) return null;
        if (!File.Exists(BestWeightsPath))
            throw new InvalidDataException($"Checkpoint '{Last}' has no {BestWeights} (written by an older version?); train without --resume to start over");
        try
        {
            return TrainerState.Parse(File.ReadAllText(path));
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new InvalidDataException($"Checkpoint state '{path}' is not valid: {e.Message}", e);
        }
    }

    /// <summary>Restores weights and optimizer state from the last checkpoint.</summary>
    public void Restore(ILtvModel model, StreamingTrainer trainer) => Restore(Last, model, trainer);

    /// <summary>Saves the weights and optimizer state before the first epoch, for <see cref="RestoreLatest"/> when no epoch has finished.</summary>
    public void SaveInitial(ILtvModel model, StreamingTrainer trainer)
    {
        using var staged = StagedDirectory.Create(Initial);
        model.Save(Path.Combine(staged.StagingPath, Weights));
        trainer.SaveOptimizer(Path.Combine(staged.StagingPath, Optimizer));
        staged.Commit();
    }

    /// <summary>Restores the last checkpoint, or the state saved by <see cref="SaveInitial"/> when no epoch has finished.</summary>
    public void RestoreLatest(ILtvModel model, StreamingTrainer trainer)
    {
        Restore(System.IO.Directory.Exists(Last) ? Last : Initial, model, trainer);
    }

    private static void Restore(string folder, ILtvModel model, StreamingTrainer trainer)
    {
        model.Load(Path.Combine(folder, Weights));
        trainer.LoadOptimizer(Path.Combine(folder, Optimizer));
    }

    /// <summary>Saves the state after an epoch, with this epoch's weights as the best when it is the best so far.</summary>
    public void Save(ILtvModel model, StreamingTrainer trainer, TrainerState state)
    {
        using var staged = StagedDirectory.Create(Last);
        string weights = Path.Combine(staged.StagingPath, Weights);
        model.Save(weights);
        trainer.SaveOptimizer(Path.Combine(staged.StagingPath, Optimizer));
        File.WriteAllText(Path.Combine(staged.StagingPath, TrainerState.FileName), state.ToJson());
        File.Copy(state.BestEpoch == state.EpochsDone ? weights : BestWeightsPath, Path.Combine(staged.StagingPath, BestWeights));
        staged.Commit();
    }
}
