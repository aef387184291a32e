using CcOrNet.Model.Data;

namespace CcOrNet.Model.Training;

/// <summary>
/// What a training job drives, one epoch at a time (<see cref="StreamingTrainer"/>: one worker or one replica of a
/// data-parallel group); what a checkpoint saves and restores besides the weights.
/// </summary>
public interface IEpochTrainer : IDisposable
{
    /// <summary>One pass over <paramref name="batches"/>; returns the row-weighted mean training loss.</summary>
    /// <param name="onBatch">Called after each step with the rows trained so far in this epoch.</param>
    Task<double> TrainEpochAsync(IAsyncEnumerable<FeatureRows> batches, int epoch, Action<long>? onBatch = null, CancellationToken ct = default);

    /// <summary>Row-weighted mean loss in evaluation mode (no augmentation noise, no gradients); NaN with no rows.</summary>
    Task<double> LossAsync(IAsyncEnumerable<FeatureRows> batches, CancellationToken ct = default);

    /// <summary>Writes the optimizer's state (step counts and moments).</summary>
    void SaveOptimizer(string path);

    /// <summary>Restores the optimizer's state written by <see cref="SaveOptimizer"/>.</summary>
    void LoadOptimizer(string path);
}
