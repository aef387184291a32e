using System.Diagnostics;
using System.Runtime;
using CcOrNet.Model.Distributed;
using CcOrNet.Model.Tests.Support;

namespace CcOrNet.Model.Tests.Distributed;

/// <summary>Shared-memory collectives between worker tasks, and what happens when a worker fails or stalls.</summary>
public sealed class InProcessGroupTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task AllReduceSum_EveryWorkerGetsTheElementwiseSum(int workers)
    {
        const int length = 10; // not a multiple of the worker count: uneven slices
        var results = await InProcessGroup.RunAsync(workers, TimeSpan.FromSeconds(10), (collective, _) =>
        {
            var floats = Enumerable.Range(0, length).Select(i => (float)(i + 100 * collective.Rank)).ToArray();
            var doubles = floats.Select(v => (double)v / 3).ToArray();
            collective.AllReduceSum(floats);
            collective.AllReduceSum(doubles);
            return Task.FromResult((floats, doubles));
        });

        double rankSum = 100.0 * workers * (workers - 1) / 2;
        var expected = Enumerable.Range(0, length).Select(i => (float)(workers * i + rankSum)).ToArray();
        Assert.All(results, r => Assert.Equal(expected, r.floats));
        Assert.All(results, r => Assert.Equal(expected.Select(v => v / 3.0), r.doubles, (a, b) => Math.Abs(a - b) < 1e-9));
    }

    [Fact]
    public async Task Broadcast_EveryWorkerGetsTheRootsValues()
    {
        var results = await InProcessGroup.RunAsync(3, TimeSpan.FromSeconds(10), (collective, _) =>
        {
            var values = new[] { collective.Rank, collective.Rank * 2f };
            collective.Broadcast(values, root: 2);
            return Task.FromResult(values);
        });

        Assert.All(results, values => Assert.Equal([2f, 4f], values));
    }

    [Fact]
    public async Task RunAsync_OneWorkerThrows_OthersStopAndTheFailureNamesTheWorker()
    {
        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => InProcessGroup.RunAsync(3, TimeSpan.FromMinutes(5), (collective, _) =>
        {
            var values = new float[4];
            for (int step = 0; ; step++)
            {
                if (collective.Rank == 1 && step == 3) throw new InvalidDataException("shard 'part-1.parquet' is corrupt");
                collective.AllReduceSum(values);
            }
#pragma warning disable CS0162 // the loop only ends by an exception
            return Task.FromResult(0);
#pragma warning restore CS0162
        }));

        Assert.Contains("worker 1 of 3", error.Message);
        Assert.Contains("part-1.parquet", error.Message);
        Assert.IsType<InvalidDataException>(error.InnerException);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task RunAsync_OneWorkerStalls_TheOthersTimeOutInsteadOfHanging()
    {
        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => InProcessGroup.RunAsync(2, TimeSpan.FromMilliseconds(300), async (collective, ct) =>
        {
            if (collective.Rank == 1) await Task.Delay(TimeSpan.FromSeconds(20), ct);
            collective.Barrier();
            return 0;
        }));

        Assert.Contains("stalled", error.Message);
        Assert.IsType<TimeoutException>(error.InnerException);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task AllReduceSum_BuffersOfDifferentLengths_FailsNamingBothLengths()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => InProcessGroup.RunAsync(2, TimeSpan.FromSeconds(10), (collective, _) =>
        {
            collective.AllReduceSum(new float[3 + collective.Rank]);
            return Task.FromResult(0);
        }));

        Assert.Contains("out of step", error.Message);
    }

    [Fact]
    public async Task QuietBetween_WorkersWithAllocatingProducers_NoCollectionWhileAnyWorkerIsInAStep()
    {
        const int Steps = 48, StepBytes = 2 << 20;
        int collectionsDuringSteps = 0;
        var stepsDone = await InProcessGroup.RunAsync(2, TimeSpan.FromSeconds(60), async (collective, ct) =>
        {
            // Worker 1 runs out of steps halfway and joins the rest of the pass with nothing, like a smaller shard.
            int own = collective.Rank == 0 ? Steps : Steps / 2, done = 0;
            var more = new double[1];
            await using var step = collective.QuietBetween(DecodingProducer.Items(own, StepBytes), ct).GetAsyncEnumerator(ct);
            while (true)
            {
                more[0] = 0;
                if (await step.MoveNextAsync())
                {
                    Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
                    int before = GC.CollectionCount(0);
                    Thread.Sleep(3); // the step's Torch work, while both producers decode their next items
                    Interlocked.Add(ref collectionsDuringSteps, GC.CollectionCount(0) - before);
                    more[0] = 1;
                    done++;
                }
                collective.AllReduceSum(more);
                if (more[0] == 0) break;
            }
            return done;
        });

        Assert.Equal([Steps, Steps / 2], stepsDone);
        // The producers allocated about 1.5 region budgets, so the region was renewed, between collective phases only.
        Assert.Equal(0, collectionsDuringSteps);
        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
    }

    [Fact]
    public async Task QuietBetween_GroupOfOneWithoutCollectives_RenewsTheRegionBetweenItsOwnSteps()
    {
        const int Steps = 72, StepBytes = 2 << 20; // about 1.1 region budgets
        int collectionsDuringSteps = 0;
        var outside = await InProcessGroup.RunAsync(1, TimeSpan.FromSeconds(60), async (collective, ct) =>
        {
            // One worker's training steps meet no collective (it has no gradients to all-reduce).
            int stepsOutside = 0;
            await foreach (int step in collective.QuietBetween(DecodingProducer.Items(Steps, StepBytes), ct))
            {
                if (GCSettings.LatencyMode != GCLatencyMode.NoGCRegion) stepsOutside++;
                int before = GC.CollectionCount(0);
                Thread.Sleep(2);
                collectionsDuringSteps += GC.CollectionCount(0) - before;
            }
            return stepsOutside;
        });

        Assert.Equal(0, outside[0]);
        Assert.Equal(0, collectionsDuringSteps);
    }
}
