using System.Runtime.InteropServices;
using CcOrNet.Model.Runtime;

namespace CcOrNet.Model.Tests.Runtime;

// This assembly runs its tests one at a time, so the process's resident size moves only with this test.
public sealed class NativeHeapTests
{
    private static long ResidentBytes() => long.Parse(File.ReadAllText("/proc/self/statm").Split(' ')[1]) * Environment.SystemPageSize;

    [Fact]
    public void Configure_MemoryFreedAfterAStep_StaysWithTheProcessForTheNext()
    {
        Assert.True(OperatingSystem.IsLinux(), "this suite runs on Linux (glibc), where the tuning applies");
        Assert.True(NativeHeap.Configure(), "glibc's mallopt refused the settings (or a MALLOC_ variable is set in the environment)");
        Assert.True(NativeHeap.Configure(), "a second call reports the same");
        const int Blocks = 100, BlockBytes = 1 << 20;

        // Three "steps" of a hundred 1 MB blocks (malloc, as libtorch's allocator), each freed at the end of its step.
        // Unconfigured, glibc hands the freed top of its heap back after every step (measured: 99 MB per step) and the
        // next step faults it in again page by page.
        for (int step = 0; step < 3; step++)
        {
            var blocks = Enumerable.Range(0, Blocks).Select(_ => Marshal.AllocHGlobal(BlockBytes)).ToList();
            foreach (var block in blocks)
                for (int offset = 0; offset < BlockBytes; offset += Environment.SystemPageSize) Marshal.WriteByte(block, offset, 1);
            long resident = ResidentBytes();
            blocks.Reverse();
            foreach (var block in blocks) Marshal.FreeHGlobal(block);
            long released = resident - ResidentBytes();

            Assert.True(released < 10 * BlockBytes, $"step {step}: {released >> 20} MB of the {Blocks} MB freed went back to the system");
        }
    }
}
