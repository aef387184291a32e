using System.Diagnostics;
using CcOrNet.Model.Data;
using CcOrNet.Model.Models;
using CcOrNet.Model.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CcOrNet.Model.Distributed;

/// <summary>
/// One replica of synchronous data-parallel training: each step this worker's gradients on its slice of the global
/// batch are summed with the other workers' (weighted by rows) in one all-reduce, so every replica takes the same Adam
/// step as <see cref="StreamingTrainer"/> would on the whole global batch. Parameters are broadcast from rank 0 at the
/// start of every epoch (so after a restore too).
/// </summary>
/// <remarks>
/// Workers may run out of rows at different steps (shards differ in size): a worker without a batch still joins
/// every all-reduce with zero rows, and the epoch ends at the first step where no worker has rows. The mean gradient
/// equals one worker's on the whole batch when the loss is a per-row mean (logmse, ziln); CC-OR-Net's batch-level
/// terms (per-head at-risk means, the distillation KL of batch means) make it the usual data-parallel approximation,
/// the mean of the workers' gradients. Clipping is applied to the averaged gradient, as for one worker.
/// </remarks>
public sealed class DataParallelTrainer : IEpochTrainer
{
    private readonly ILtvModel model;
    private readonly TrainerOptions options;
    private readonly ICollective collective;
    private readonly List<Parameter> parameters;
    private readonly Adam optimizer;
    private readonly GradientBuffer gradients;
    private readonly float[] parameterValues;

    public DataParallelTrainer(ILtvModel model, TrainerOptions options, ICollective collective)
    {
        this.model = model;
        this.options = options.Validate();
        this.collective = collective;
        parameters = model.Parameters().ToList();
        optimizer = optim.Adam(parameters, lr: options.LearningRate, weight_decay: options.WeightDecay);
        gradients = new GradientBuffer(parameters);
        parameterValues = new float[gradients.ParameterValues];
    }

    /// <summary>Time spent in gradient all-reduces (communication and waiting for the slowest worker), cumulative.</summary>
    public TimeSpan CommunicationTime { get; private set; }

    /// <summary>Floats all-reduced per step: the model's parameter count plus the flags, row count and loss.</summary>
    public int BufferLength => gradients.Values.Length;

    /// <summary>Optimizer steps taken, cumulative.</summary>
    public long Steps { get; private set; }

    /// <summary>Returns the global row-weighted mean loss; <paramref name="onBatch"/> gets the global rows so far.</summary>
    public async Task<double> TrainEpochAsync(IAsyncEnumerable<FeatureRows> batches, int epoch, Action<long>? onBatch = null, CancellationToken ct = default)
    {
        BroadcastParameters();
        torch.manual_seed(BatchStream.EpochSeed(options.Seed, epoch));
        model.SetTraining(true);
        double lossSum = 0;
        long rows = 0;
        await using var batch = batches.GetAsyncEnumerator(ct);
        while (true)
        {
            FeatureRows? slice = await batch.MoveNextAsync() ? batch.Current : null;
            optimizer.zero_grad();
            using (NewDisposeScope())
            {
                float loss = 0;
                if (slice is not null)
                {
                    if (slice.Label is null) throw new InvalidDataException($"A batch of {slice.Count} rows has no label; training needs labelled features.");
                    using var input = slice.ToBatch(model.Layout);
                    var breakdown = model.Loss(input);
                    breakdown.Total.backward();
                    loss = breakdown.Total.item<float>();
                }
                gradients.Gather(slice?.Count ?? 0, loss);
            }
            long start = Stopwatch.GetTimestamp();
            collective.AllReduceSum(gradients.Values);
            CommunicationTime += Stopwatch.GetElapsedTime(start);
            if (gradients.Rows == 0) break;
            gradients.Scatter();
            using (NewDisposeScope())
            {
                if (options.GradientClipNorm > 0) nn.utils.clip_grad_norm_(parameters, options.GradientClipNorm);
            }
            optimizer.step();
            Steps++;
            lossSum += gradients.LossSum;
            rows += gradients.Rows;
            onBatch?.Invoke(rows);
        }
        model.SetTraining(false);
        if (rows == 0) throw new InvalidDataException("The training split is empty: no rows to train on.");
        return lossSum / rows;
    }

    /// <summary>The global row-weighted mean loss over every worker's <paramref name="batches"/>.</summary>
    public async Task<double> LossAsync(IAsyncEnumerable<FeatureRows> batches, CancellationToken ct = default)
    {
        model.SetTraining(false);
        var sums = new double[2];
        await foreach (var rowsBatch in batches.WithCancellation(ct))
        {
            if (rowsBatch.Label is null) throw new InvalidDataException($"A batch of {rowsBatch.Count} rows has no label; training needs labelled features.");
            using var scope = NewDisposeScope();
            using var noGrad = torch.no_grad();
            using var input = rowsBatch.ToBatch(model.Layout);
            sums[0] += model.Loss(input).Total.item<float>() * (double)rowsBatch.Count;
            sums[1] += rowsBatch.Count;
        }
        collective.AllReduceSum(sums);
        return sums[1] == 0 ? double.NaN : sums[0] / sums[1];
    }

    public void SaveOptimizer(string path) => optimizer.save_state_dict(path);

    public void LoadOptimizer(string path) => optimizer.load_state_dict(path);

    /// <summary>Makes every replica's parameters equal to rank 0's.</summary>
    public void BroadcastParameters()
    {
        if (collective.Size == 1) return;
        gradients.ReadParameters(parameterValues);
        collective.Broadcast(parameterValues, root: 0);
        gradients.WriteParameters(parameterValues);
    }

    public void Dispose() => optimizer.Dispose();
}
