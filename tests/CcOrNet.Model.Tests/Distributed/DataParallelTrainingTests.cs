using System.Collections.Concurrent;
using System.Runtime;
using CcOrNet.Model.Data;
using CcOrNet.Model.Distributed;
using CcOrNet.Model.Models;
using CcOrNet.Model.Tests.Support;
using CcOrNet.Model.Training;
using TorchSharp;

namespace CcOrNet.Model.Tests.Distributed;

/// <summary>
/// Synchronous data parallelism: N in-process workers, each training on its contiguous slice of every global batch,
/// end with the parameters of one worker trained on the whole global batches in the same order.
/// </summary>
[Collection("Torch")]
public sealed class DataParallelTrainingTests
{
    private const int BatchSize = 96;
    private static readonly TrainerOptions Options = new(Epochs: 2, LearningRate: 3e-3, Seed: 11);

    [Theory]
    [InlineData("logmse", 2)]
    [InlineData("logmse", 4)]
    [InlineData("ziln", 2)]
    [InlineData("ziln", 4)]
    public async Task TrainEpochAsync_WorkersOnSlicesOfTheGlobalBatch_SameParametersAsOneWorker(string name, int workers)
    {
        var batches = SyntheticRows.GlobalBatches(batches: 5, BatchSize, seed: 71);
        using var single = Create(name, batches);
        using (var trainer = new StreamingTrainer(single, Options))
            for (int epoch = 0; epoch < Options.Epochs; epoch++)
                await trainer.TrainEpochAsync(SyntheticRows.Stream(batches), epoch);

        var (replicas, losses) = await TrainInProcessAsync(name, batches, workers);

        try
        {
            var expected = Flatten(single);
            Assert.All(replicas, replica => Assert.Equal(Flatten(replicas[0]), Flatten(replica)));
            var actual = Flatten(replicas[0]);
            double worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
            Assert.True(worst < 2e-5, $"{name}, {workers} workers: largest parameter difference from one worker {worst:E2}");
            using var untrained = Create(name, batches);
            Assert.True(expected.Zip(Flatten(untrained), (e, a) => Math.Abs(e - a)).Max() > 1e-2, "training should move the parameters");
            Assert.All(losses, loss => Assert.Equal(losses[0], loss));
        }
        finally
        {
            foreach (var replica in replicas) replica.Dispose();
        }
    }

    [Fact]
    public async Task TrainEpochAsync_WorkersWithUnequalShards_StayInStepAndCountEveryRow()
    {
        // Worker 0 has 3 batches, worker 1 one, worker 2 none: workers without a batch keep joining the all-reduce with
        // no rows (worker 2 never computes a gradient itself and takes the group's).
        var batches = SyntheticRows.GlobalBatches(batches: 4, 64, seed: 72);
        var shards = new[] { batches.Take(3).ToList(), batches.Skip(3).ToList(), [] };
        var replicas = Enumerable.Range(0, 3).Select(_ => Create("ccornet", batches)).ToArray();
        var rowsSeen = new long[3];
        var steps = new long[3];

        await InProcessGroup.RunAsync(3, TimeSpan.FromSeconds(30), async (collective, ct) =>
        {
            using var trainer = new StreamingTrainer(replicas[collective.Rank], Options, collective);
            await trainer.TrainEpochAsync(SyntheticRows.Stream(shards[collective.Rank]), 0, rows => rowsSeen[collective.Rank] = rows, ct);
            steps[collective.Rank] = trainer.Steps;
            return 0;
        });

        try
        {
            Assert.Equal([3, 3, 3], steps);
            Assert.Equal([4 * 64, 4 * 64, 4 * 64], rowsSeen);
            Assert.Equal(Flatten(replicas[0]), Flatten(replicas[1]));
            Assert.Equal(Flatten(replicas[0]), Flatten(replicas[2]));
        }
        finally
        {
            foreach (var replica in replicas) replica.Dispose();
        }
    }

    [Fact]
    public async Task LossAsync_ShardedValidation_EqualsOneWorkersRowWeightedMean()
    {
        var batches = SyntheticRows.GlobalBatches(batches: 4, 80, seed: 73);
        using var model = Create("logmse", batches);
        using var single = new StreamingTrainer(model, Options);
        double expected = await single.LossAsync(SyntheticRows.Stream(batches));

        var losses = await InProcessGroup.RunAsync(3, TimeSpan.FromSeconds(30), async (collective, ct) =>
        {
            using var trainer = new StreamingTrainer(model, Options, collective);
            // Each worker holds whole batches of its own, as with row groups assigned by worker, and not as many: the
            // workers sum each batch in lockstep, those out of batches (worker 2 has none) with zero rows.
            var own = collective.Rank switch { 0 => batches[..2], 1 => batches[2..], _ => [] };
            return await trainer.LossAsync(SyntheticRows.Stream(own), ct);
        });

        Assert.All(losses, loss => Assert.Equal(expected, loss, 1e-6));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task TrainEpochAsync_InProcessWorkers_EveryStepRunsInsideTheNoGcRegion(int workers)
    {
        var batches = SyntheticRows.GlobalBatches(batches: 4, BatchSize, seed: 83);
        var replicas = Enumerable.Range(0, workers).Select(_ => Create("logmse", batches)).ToArray();
        var modes = new ConcurrentBag<GCLatencyMode>();
        try
        {
            await InProcessGroup.RunAsync(workers, TimeSpan.FromSeconds(30), async (collective, ct) =>
            {
                using var trainer = new StreamingTrainer(replicas[collective.Rank], Options, collective);
                // Called after each step's optimizer update, before the next batch is asked for: still inside the step.
                return await trainer.TrainEpochAsync(SyntheticRows.Stream(WorkerSlices(batches, collective.Rank, workers)), 0,
                    _ => modes.Add(GCSettings.LatencyMode), ct);
            });
        }
        finally
        {
            foreach (var replica in replicas) replica.Dispose();
        }

        Assert.Equal(4 * workers, modes.Count);
        Assert.All(modes, mode => Assert.Equal(GCLatencyMode.NoGCRegion, mode));
        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
    }

    [Theory]
    [InlineData("ccornet", 1)]
    [InlineData("ccornet", 2)]
    [InlineData("ordinal", 2)]
    public async Task TrainEpochAsync_AnEpochAfterTheFirst_LeavesNoTensorAlive(string name, int workers)
    {
        var batches = SyntheticRows.GlobalBatches(batches: 6, BatchSize, seed: 79);
        var replicas = Enumerable.Range(0, workers).Select(_ => Create(name, batches)).ToArray();
        var grown = new long[2];
        try
        {
            await InProcessGroup.RunAsync(workers, TimeSpan.FromSeconds(30), async (collective, ct) =>
            {
                var slices = WorkerSlices(batches, collective.Rank, workers);
                using var trainer = new StreamingTrainer(replicas[collective.Rank], Options, collective);
                for (int epoch = 0; epoch < 2; epoch++)
                {
                    // Rank 0 finalizes every earlier tensor while the others wait, so that the count moves only by what
                    // the epoch leaves behind: within the pass no collection runs (the guard), so nothing is finalized.
                    collective.Barrier();
                    if (collective.Rank == 0)
                    {
                        GC.Collect();
                        GC.WaitForPendingFinalizers();
                        grown[epoch] = -torch.Tensor.TotalCount;
                    }
                    collective.Barrier();
                    await trainer.TrainEpochAsync(SyntheticRows.Stream(slices), epoch, ct: ct);
                    collective.Barrier();
                    if (collective.Rank == 0) grown[epoch] += torch.Tensor.TotalCount;
                }
                return 0;
            });
        }
        finally
        {
            foreach (var replica in replicas) replica.Dispose();
        }

        // The first epoch may create what lives as long as the trainer; a later one must free what each step made.
        Assert.True(grown[1] <= 0, $"{name}, {workers} workers: the second epoch left {grown[1]} tensors alive (first epoch: {grown[0]})");
    }

    private static async Task<(ILtvModel[] Replicas, double[] Losses)> TrainInProcessAsync(string name, List<FeatureRows> batches, int workers)
    {
        // Replicas are created one after another: model initialisation draws from Torch's process-wide generator.
        var replicas = Enumerable.Range(0, workers).Select(_ => Create(name, batches)).ToArray();
        var losses = await InProcessGroup.RunAsync(workers, TimeSpan.FromSeconds(30), async (collective, ct) =>
        {
            var slices = WorkerSlices(batches, collective.Rank, workers);
            using var trainer = new StreamingTrainer(replicas[collective.Rank], Options, collective);
            double loss = 0;
            for (int epoch = 0; epoch < Options.Epochs; epoch++)
                loss = await trainer.TrainEpochAsync(SyntheticRows.Stream(slices), epoch, ct: ct);
            return loss;
        });
        return (replicas, losses);
    }

    // Worker rank's contiguous slice of every global batch, as TrainJob cuts them.
    private static List<FeatureRows> WorkerSlices(List<FeatureRows> batches, int rank, int workers)
    {
        int start = DataShards.SliceStart(BatchSize, rank, workers), count = DataShards.SliceSize(BatchSize, rank, workers);
        return batches.Select(b => SyntheticRows.Slice(b, start, count)).ToList();
    }

    private static ILtvModel Create(string name, List<FeatureRows> batches)
    {
        var edges = CcOrNet.Model.Buckets.BucketEdges.FromLabels(batches.SelectMany(b => b.Label!).Select(y => (double)y).ToArray());
        return LtvModelFactory.Create(name, SyntheticLtv.Layout, edges, seed: 5);
    }

    private static float[] Flatten(ILtvModel model) =>
        model.Parameters().SelectMany(p => p.detach().contiguous().data<float>().ToArray()).ToArray();
}
