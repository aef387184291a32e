using System.IO.MemoryMappedFiles;
using CcOrNet.Core.Jobs;

namespace CcOrNet.Core.Tests.Jobs;

public sealed class ProcessUsageTests
{
    [Fact]
    public void Since_TouchingFreshMemory_CountsItsPageFaultsAndCpuTime()
    {
        const int Bytes = 32 << 20;
        var start = ProcessUsage.Now();
        // A fresh anonymous mapping: every page touched below is a minor fault.
        using (var map = MemoryMappedFile.CreateNew(null, Bytes))
        using (var view = map.CreateViewAccessor())
            for (long offset = 0; offset < Bytes; offset += 4096) view.Write(offset, (byte)1);
        var used = ProcessUsage.Now().Since(start);

        Assert.True(used.MinorPageFaults >= Bytes / 4096 / 2, $"{used.MinorPageFaults} faults for {Bytes / 4096} touched pages");
        Assert.True(used.WallSeconds > 0 && used.CpuSeconds > 0, $"wall {used.WallSeconds} s, CPU {used.CpuSeconds} s");
        Assert.True(used.UserSeconds >= 0 && used.KernelSeconds >= 0);
    }

    [Fact]
    public void Sum_AddsEveryField()
    {
        var a = new ProcessUsage(10, 1.5, 0.5, 100);
        var b = new ProcessUsage(30, 2.0, 1.0, 50);

        Assert.Equal(new ProcessUsage(40, 3.5, 1.5, 150), ProcessUsage.Sum([a, b]));
        Assert.Equal(new ProcessUsage(20, 0.5, 0.5, -50), b.Since(a));
        Assert.Equal(default, ProcessUsage.Sum([]));
    }
}
