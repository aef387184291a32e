using CcOrNet.Model.Models;

namespace CcOrNet.Model.Training;

/// <summary>
/// The checkpoint folder of a streamed run: <c>last/</c> (weights, Adam state, <see cref="TrainerState"/>) replaced
/// atomically after every epoch, and <c>best.weights</c> (lowest validation loss so far).
/// </summary>
/// <remarks>
/// Each epoch is written to a fresh <c>epoch-N/</c> folder and then renamed over <c>last/</c>, so a crash mid-write
/// leaves the previous checkpoint whole. Adam's moments and step counts are saved (TorchSharp's
/// <c>save_state_dict</c>), so a resumed run continues with the same optimizer state.
/// </remarks>
public sealed class TrainingCheckpoint(string directory)
{
    private const string Weights = "model.weights";
    private const string Optimizer = "optimizer.state";

    public string Directory { get; } = Path.GetFullPath(directory);
    public string BestWeightsPath => Path.Combine(Directory, "best.weights");
    private string Last => Path.Combine(Directory, "last");
    private string Initial => Path.Combine(Directory, "initial");

    /// <summary>The saved state, or null when there is no checkpoint.</summary>
    public TrainerState? ReadState()
    {
        string path = Path.Combine(Last, TrainerState.FileName);
        if (!File.Exists(path)) return null;
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
        System.IO.Directory.CreateDirectory(Initial);
        model.Save(Path.Combine(Initial, Weights));
        trainer.SaveOptimizer(Path.Combine(Initial, Optimizer));
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

    /// <summary>Saves the state after an epoch; copies the weights to best.weights when that epoch is the best.</summary>
    public void Save(ILtvModel model, StreamingTrainer trainer, TrainerState state)
    {
        System.IO.Directory.CreateDirectory(Directory);
        string fresh = Path.Combine(Directory, $".epoch-{state.EpochsDone}-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(fresh);
        model.Save(Path.Combine(fresh, Weights));
        trainer.SaveOptimizer(Path.Combine(fresh, Optimizer));
        File.WriteAllText(Path.Combine(fresh, TrainerState.FileName), state.ToJson());
        if (state.BestEpoch == state.EpochsDone)
        {
            string temporary = BestWeightsPath + ".tmp";
            File.Copy(Path.Combine(fresh, Weights), temporary, overwrite: true);
            File.Move(temporary, BestWeightsPath, overwrite: true);
        }
        string retired = Path.Combine(Directory, $".retired-{Guid.NewGuid():N}");
        if (System.IO.Directory.Exists(Last)) System.IO.Directory.Move(Last, retired);
        System.IO.Directory.Move(fresh, Last);
        if (System.IO.Directory.Exists(retired)) System.IO.Directory.Delete(retired, recursive: true);
    }
}
