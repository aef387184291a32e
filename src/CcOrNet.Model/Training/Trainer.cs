using CcOrNet.Model.Data;
using CcOrNet.Model.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace CcOrNet.Model.Training;

/// <summary>Fits a model on in-memory labelled batches with Adam: one dispose scope per step, seeded batch order.</summary>
public sealed class Trainer
{
    private readonly TrainerOptions options;

    public Trainer(TrainerOptions? options = null) => this.options = (options ?? new TrainerOptions()).Validate();

    public TrainingResult Fit(
        ILtvModel model,
        IReadOnlyList<FeatureBatch> batches,
        IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        if (batches.Count == 0) throw new ArgumentException("Training needs at least one batch; got none.", nameof(batches));
        for (int i = 0; i < batches.Count; i++)
        {
            if (batches[i].Label is null) throw new ArgumentException($"Batch {i} of {batches.Count} has no labels.", nameof(batches));
            batches[i].Validate(model.Layout);
        }

        // In memory every epoch is exactly one step per batch.
        var schedule = options with { StepsPerEpoch = batches.Count };
        torch.manual_seed(options.Seed);
        var order = new Random(unchecked((int)options.Seed));
        var parameters = model.Parameters().ToList();
        using var optimizer = new AdamOptimizer(parameters, options.LearningRate, weightDecay: options.WeightDecay);
        model.SetTraining(true);

        var epochLosses = new List<double>();
        var stepLosses = new List<double>();
        int[] indices = Enumerable.Range(0, batches.Count).ToArray();
        for (int epoch = 0; epoch < options.Epochs; epoch++)
        {
            if (options.ShuffleBatches) order.Shuffle(indices);
            var termSums = new Dictionary<string, double>();
            double lossSum = 0;
            long stepInEpoch = 0;
            foreach (int index in indices)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                optimizer.ZeroGrad();
                var loss = model.Loss(batches[index]);
                loss.Total.backward();
                if (options.GradientClipNorm > 0) optimizer.ClipGradientNorm(options.GradientClipNorm);
                optimizer.LearningRate = schedule.LearningRateAt(epoch, stepInEpoch++);
                optimizer.Step();

                double value = loss.Total.item<float>();
                stepLosses.Add(value);
                lossSum += value;
                foreach (var (name, term) in loss.Terms) termSums[name] = termSums.GetValueOrDefault(name) + term;
            }
            epochLosses.Add(lossSum / indices.Length);
            progress?.Report(new TrainingProgress(epoch + 1, options.Epochs, lossSum / indices.Length,
                termSums.ToDictionary(t => t.Key, t => t.Value / indices.Length)));
        }
        model.SetTraining(false);
        return new TrainingResult(epochLosses, stepLosses);
    }
}
