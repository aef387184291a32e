using CcOrNet.Model.Data;
using CcOrNet.Model.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CcOrNet.Model.Training;

/// <summary>
/// Fits a model on streamed batches, one epoch at a time, with Adam (same step as <see cref="Trainer"/>). Torch's
/// generator is re-seeded from (seed, epoch) at the start of each epoch, so an epoch's augmentation noise does not depend
/// on what ran before: with the optimizer state restored, a resumed run repeats an uninterrupted one.
/// </summary>
public sealed class StreamingTrainer : IEpochTrainer
{
    private readonly ILtvModel model;
    private readonly TrainerOptions options;
    private readonly List<Parameter> parameters;
    private readonly Adam optimizer;

    public StreamingTrainer(ILtvModel model, TrainerOptions options)
    {
        this.model = model;
        this.options = options.Validate();
        parameters = model.Parameters().ToList();
        optimizer = optim.Adam(parameters, lr: options.LearningRate, weight_decay: options.WeightDecay);
    }

    /// <summary>One pass over <paramref name="batches"/>; returns the row-weighted mean training loss.</summary>
    /// <param name="onBatch">Called after each step with the rows trained so far in this epoch.</param>
    public async Task<double> TrainEpochAsync(IAsyncEnumerable<FeatureRows> batches, int epoch, Action<long>? onBatch = null, CancellationToken ct = default)
    {
        torch.manual_seed(BatchStream.EpochSeed(options.Seed, epoch));
        model.SetTraining(true);
        double lossSum = 0;
        long rows = 0;
        await foreach (var rowsBatch in batches.WithCancellation(ct))
        {
            RequireLabel(rowsBatch);
            float loss;
            using (NewDisposeScope())
            using (var batch = rowsBatch.ToBatch(model.Layout))
            {
                optimizer.zero_grad();
                var breakdown = model.Loss(batch);
                breakdown.Total.backward();
                if (options.GradientClipNorm > 0) nn.utils.clip_grad_norm_(parameters, options.GradientClipNorm);
                loss = breakdown.Total.item<float>();
            }
            // The optimizer step runs outside the batch's dispose scope so that no state it creates lazily (e.g. after
            // load_state_dict on resume) can be captured and freed with the batch's temporaries.
            optimizer.step();
            lossSum += loss * (double)rowsBatch.Count;
            rows += rowsBatch.Count;
            onBatch?.Invoke(rows);
        }
        model.SetTraining(false);
        if (rows == 0) throw new InvalidDataException("The training split is empty: no rows to train on.");
        return lossSum / rows;
    }

    /// <summary>Row-weighted mean loss in evaluation mode (no augmentation noise, no gradients); NaN with no rows.</summary>
    public async Task<double> LossAsync(IAsyncEnumerable<FeatureRows> batches, CancellationToken ct = default)
    {
        model.SetTraining(false);
        double lossSum = 0;
        long rows = 0;
        await foreach (var rowsBatch in batches.WithCancellation(ct))
        {
            RequireLabel(rowsBatch);
            using var scope = NewDisposeScope();
            using var noGrad = torch.no_grad();
            using var batch = rowsBatch.ToBatch(model.Layout);
            lossSum += model.Loss(batch).Total.item<float>() * (double)rowsBatch.Count;
            rows += rowsBatch.Count;
        }
        return rows == 0 ? double.NaN : lossSum / rows;
    }

    /// <summary>Writes Adam's state (step counts and moments) in TorchSharp's format.</summary>
    public void SaveOptimizer(string path) => optimizer.save_state_dict(path);

    /// <summary>Restores Adam's state written by <see cref="SaveOptimizer"/>.</summary>
    public void LoadOptimizer(string path) => optimizer.load_state_dict(path);

    private static void RequireLabel(FeatureRows rows)
    {
        if (rows.Label is null) throw new InvalidDataException($"A batch of {rows.Count} rows has no label; training needs labelled features.");
    }

    public void Dispose() => optimizer.Dispose();
}
