using System.Diagnostics;
using CcOrNet.Model.Data;
using CcOrNet.Model.Distributed;
using CcOrNet.Model.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace CcOrNet.Model.Training;

/// <summary>
/// Fits a model on streamed batches, one epoch at a time, with Adam (<see cref="AdamOptimizer"/>, gradient clipping
/// first): one worker, or one replica of synchronous data-parallel training over a <see cref="ICollective"/> (a group
/// of one, <see cref="LocalCollective"/>, by default). Torch's generator is re-seeded from (seed, epoch) at the start
/// of each epoch, so an epoch's augmentation noise does not depend on what ran before: with the optimizer state
/// restored, a resumed run repeats an uninterrupted one.
/// </summary>
/// <remarks>
/// With N workers, each step this worker's gradients on its slice of the global batch are summed with the others'
/// (weighted by rows) in one all-reduce of a flat buffer (<see cref="GradientBuffer"/>), so every replica takes the same
/// step as one worker would on the whole global batch; parameters are broadcast from rank 0 at the start of every
/// epoch (so after a restore too). Workers may run out of rows at different steps: a worker without a batch still
/// joins every all-reduce with zero rows, and the epoch ends at the first step where no worker has rows. The mean
/// gradient equals one worker's on the whole batch when the loss is a per-row mean (logmse, ziln); CC-OR-Net's
/// batch-level terms (per-head at-risk means, the distillation KL of batch means) make it the usual data-parallel
/// approximation, the mean of the workers' gradients. A group of one skips the buffer: its gradients stay in place.
/// </remarks>
public sealed class StreamingTrainer : IDisposable
{
    private readonly ILtvModel model;
    private readonly TrainerOptions options;
    private readonly ICollective collective;
    private readonly AdamOptimizer optimizer;
    private readonly GradientBuffer? gradients;
    private readonly float[] parameterValues;

    public StreamingTrainer(ILtvModel model, TrainerOptions options, ICollective? collective = null)
    {
        this.model = model;
        this.options = options.Validate();
        if (options.Decay != LearningRateDecay.None && options.StepsPerEpoch == 0)
            throw new ArgumentException($"A {options.Decay} learning-rate decay needs the planned StepsPerEpoch of the streamed epochs", nameof(options));
        this.collective = collective ?? LocalCollective.Instance;
        var parameters = model.Parameters().ToList();
        optimizer = new AdamOptimizer(parameters, options.LearningRate, weightDecay: options.WeightDecay);
        gradients = this.collective.Size > 1 ? new GradientBuffer(parameters) : null;
        parameterValues = new float[gradients?.ParameterValues ?? 0];
    }

    /// <summary>Time spent in gradient all-reduces (communication and waiting for the slowest worker), cumulative.</summary>
    public TimeSpan CommunicationTime { get; private set; }

    /// <summary>Floats all-reduced per step (the parameter count plus flags, row count and loss); 0 for one worker.</summary>
    public int BufferLength => gradients?.Values.Length ?? 0;

    /// <summary>Optimizer steps taken, cumulative.</summary>
    public long Steps { get; private set; }

    /// <summary>One pass over <paramref name="batches"/>; returns the global row-weighted mean training loss.</summary>
    /// <param name="onBatch">Called after each step with the global rows trained so far in this epoch.</param>
    public Task<double> TrainEpochAsync(IAsyncEnumerable<FeatureRows> batches, int epoch, Action<long>? onBatch = null, CancellationToken ct = default) =>
        TrainAsync(batches, epoch, rows =>
        {
            RequireLabel(rows);
            return (rows.ToBatch(model.Layout), Owned: true);
        }, onBatch, ct);

    /// <summary>The same epoch on batches already held as tensors (they are not disposed): the in-memory side of <c>ccornet bench train</c>.</summary>
    public Task<double> TrainEpochAsync(IAsyncEnumerable<FeatureBatch> batches, int epoch, Action<long>? onBatch = null, CancellationToken ct = default) =>
        TrainAsync(batches, epoch, batch =>
        {
            if (batch.Label is null) throw new InvalidDataException($"A batch of {batch.Count} rows has no label; training needs labelled features.");
            return (batch, Owned: false);
        }, onBatch, ct);

    private async Task<double> TrainAsync<T>(IAsyncEnumerable<T> batches, int epoch, Func<T, (FeatureBatch Batch, bool Owned)> tensors,
        Action<long>? onBatch, CancellationToken ct) where T : class
    {
        BroadcastParameters();
        torch.manual_seed(BatchStream.EpochSeed(options.Seed, epoch));
        model.SetTraining(true);
        double lossSum = 0;
        long rows = 0;
        long stepInEpoch = 0;
        // Collections only between steps, so TorchSharp's temporary Scalars are never finalized mid-call.
        await using var batch = collective.QuietBetween(batches, ct).GetAsyncEnumerator(ct);
        while (true)
        {
            T? slice = await batch.MoveNextAsync() ? batch.Current : null;
            optimizer.ZeroGrad();
            float loss = 0;
            int count = 0;
            if (slice is not null)
            {
                using var scope = NewDisposeScope();
                var (input, owned) = tensors(slice);
                try
                {
                    var breakdown = model.Loss(input);
                    breakdown.Total.backward();
                    loss = breakdown.Total.item<float>();
                    count = input.Count;
                }
                finally
                {
                    if (owned) input.Dispose();
                }
            }
            var (stepRows, stepLossSum) = Reduce(count, loss);
            if (stepRows == 0) break;
            if (options.GradientClipNorm > 0) optimizer.ClipGradientNorm(options.GradientClipNorm);
            optimizer.LearningRate = options.LearningRateAt(epoch, stepInEpoch++);
            optimizer.Step();
            Steps++;
            lossSum += stepLossSum;
            rows += stepRows;
            onBatch?.Invoke(rows);
        }
        model.SetTraining(false);
        if (rows == 0) throw new InvalidDataException("The training split is empty: no rows to train on.");
        return lossSum / rows;
    }

    /// <summary>The global row-weighted mean loss over every worker's <paramref name="batches"/> in evaluation mode (no augmentation noise, no gradients); NaN with no rows.</summary>
    /// <remarks>
    /// The workers sum each batch's loss in a collective, in lockstep like training steps (one out of rows joins with
    /// zero), so that <see cref="ICollective.QuietBetween{T}"/> can keep collections between batches for workers that
    /// share a process.
    /// </remarks>
    public async Task<double> LossAsync(IAsyncEnumerable<FeatureRows> batches, CancellationToken ct = default)
    {
        model.SetTraining(false);
        double lossSum = 0, rows = 0;
        var step = new double[2];
        await using var batch = collective.QuietBetween(batches, ct).GetAsyncEnumerator(ct);
        while (true)
        {
            step[0] = step[1] = 0;
            if (await batch.MoveNextAsync())
            {
                var rowsBatch = batch.Current;
                RequireLabel(rowsBatch);
                using var scope = NewDisposeScope();
                using var noGrad = torch.no_grad();
                using var input = rowsBatch.ToBatch(model.Layout);
                step[0] = model.Loss(input).Total.item<float>() * (double)rowsBatch.Count;
                step[1] = rowsBatch.Count;
            }
            collective.AllReduceSum(step);
            if (step[1] == 0) break;
            lossSum += step[0];
            rows += step[1];
        }
        return rows == 0 ? double.NaN : lossSum / rows;
    }

    /// <summary>Writes Adam's state (step counts and moments).</summary>
    public void SaveOptimizer(string path) => optimizer.Save(path);

    /// <summary>Restores Adam's state written by <see cref="SaveOptimizer"/>.</summary>
    public void LoadOptimizer(string path) => optimizer.Load(path);

    /// <summary>Makes every replica's parameters equal to rank 0's.</summary>
    public void BroadcastParameters()
    {
        if (gradients is null) return;
        gradients.ReadParameters(parameterValues);
        collective.Broadcast(parameterValues, root: 0);
        gradients.WriteParameters(parameterValues);
    }

    /// <summary>
    /// The step's global rows and loss x rows; with several workers, also replaces this worker's gradients by the
    /// global batch's mean gradient.
    /// </summary>
    private (long Rows, double LossSum) Reduce(int rows, float loss)
    {
        if (gradients is null) return (rows, loss * (double)rows);
        gradients.Gather(rows, loss);
        long start = Stopwatch.GetTimestamp();
        collective.AllReduceSum(gradients.Values);
        CommunicationTime += Stopwatch.GetElapsedTime(start);
        if (gradients.Rows > 0) gradients.Scatter();
        return (gradients.Rows, gradients.LossSum);
    }

    private static void RequireLabel(FeatureRows rows)
    {
        if (rows.Label is null) throw new InvalidDataException($"A batch of {rows.Count} rows has no label; training needs labelled features.");
    }

    public void Dispose() => optimizer.Dispose();
}
