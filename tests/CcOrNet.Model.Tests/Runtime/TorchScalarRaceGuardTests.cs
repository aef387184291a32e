using System.Runtime;
using CcOrNet.Model.Runtime;
using CcOrNet.Model.Tests.Support;

namespace CcOrNet.Model.Tests.Runtime;

// This assembly runs its tests one at a time, so no other test collects while a region is open.
public sealed class TorchScalarRaceGuardTests
{
    [Fact]
    public void GuardSteps_StepsWithinTheBudget_NoCollectionInsideThemAndRegionsRenewedBetweenThem()
    {
        const int StepBytes = 4 << 20; // a step's wrappers and Scalars, as small objects
        var kept = new List<byte[]>();
        using (var quiet = TorchScalarRace.GuardSteps())
        {
            Assert.NotNull(quiet);
            int steps = (int)(3 * TorchScalarRace.QuietSteps.Budget / StepBytes);
            for (int step = 0; step < steps; step++)
            {
                quiet.BeforeStep();
                Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
                Assert.Null(TorchScalarRace.GuardSteps()); // one at a time: nested steps run unguarded
                int collections = GC.CollectionCount(0);
                for (int i = 0; i < StepBytes / 1024; i++) kept.Add(new byte[1024 - 24]);
                Assert.Equal(collections, GC.CollectionCount(0));
                if (kept.Count > 8192) kept.RemoveRange(0, 4096);
            }
            // Three budgets of steps, a new region each half budget: about six regions.
            Assert.InRange(quiet.Regions, 4, 8);
        }
        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
        GC.KeepAlive(kept);
    }

    [Fact]
    public void GuardSteps_StepOutgrowsTheBudget_CollectsAndTheNextStepOpensAnotherRegion()
    {
        using var quiet = TorchScalarRace.GuardSteps();
        Assert.NotNull(quiet);
        quiet.BeforeStep();
        int collections = GC.CollectionCount(0);
        for (int i = 0; i < 4; i++) GC.KeepAlive(new byte[TorchScalarRace.QuietSteps.Budget / 2]);
        Assert.True(GC.CollectionCount(0) > collections, "allocating twice the budget should have collected");

        quiet.BeforeStep();

        Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
        Assert.Equal(2, quiet.Regions);
    }

    [Fact]
    public async Task QuietBetween_ProducerAllocatesOnAnotherThread_NoCollectionWhileAnItemIsWorkedOn()
    {
        const int Items = 40, ItemBytes = 2 << 20;
        var seen = new List<int>();
        int collectionsDuringWork = 0;
        await foreach (int item in TorchScalarRace.QuietBetween(DecodingProducer.Items(Items, ItemBytes)))
        {
            Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
            int before = GC.CollectionCount(0);
            Thread.Sleep(5); // the work on this item, while the producer decodes the next one
            collectionsDuringWork += GC.CollectionCount(0) - before;
            seen.Add(item);
        }

        Assert.Equal(Enumerable.Range(0, Items), seen);
        Assert.Equal(0, collectionsDuringWork);
        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
    }

    [Fact]
    public void QuietBetween_EnumerationStoppedEarly_EndsTheRegion()
    {
        foreach (int item in TorchScalarRace.QuietBetween(Enumerable.Range(0, 10)))
        {
            Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
            if (item == 3) break;
        }

        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
    }
}
