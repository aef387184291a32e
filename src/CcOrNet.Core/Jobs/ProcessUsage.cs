using System.Diagnostics;

namespace CcOrNet.Core.Jobs;

/// <summary>
/// What this process has used so far: wall clock, user and kernel CPU time of every thread, and minor page faults
/// (pages the kernel had to map and zero on first touch). Benchmarks take one before and one after a pass and
/// report the difference (<see cref="Since"/>); a high kernel share with many faults per row means memory is being
/// returned to the system and faulted back in.
/// </summary>
/// <param name="Timestamp">Stopwatch ticks when taken.</param>
/// <param name="UserSeconds">CPU seconds in user mode.</param>
/// <param name="KernelSeconds">CPU seconds in the kernel (page faults, system calls).</param>
/// <param name="MinorPageFaults">Minor page faults (Linux, from /proc/self/stat; 0 elsewhere).</param>
public readonly record struct ProcessUsage(long Timestamp, double UserSeconds, double KernelSeconds, long MinorPageFaults)
{
    public static ProcessUsage Now()
    {
        using var self = Process.GetCurrentProcess();
        return new(Stopwatch.GetTimestamp(), self.UserProcessorTime.TotalSeconds, self.PrivilegedProcessorTime.TotalSeconds, ReadMinorFaults());
    }

    /// <summary>The usage between <paramref name="earlier"/> and this one.</summary>
    public ProcessUsage Since(ProcessUsage earlier) =>
        new(Timestamp - earlier.Timestamp, UserSeconds - earlier.UserSeconds, KernelSeconds - earlier.KernelSeconds, MinorPageFaults - earlier.MinorPageFaults);

    /// <summary>Wall seconds of a difference taken with <see cref="Since"/>.</summary>
    public double WallSeconds => (double)Timestamp / Stopwatch.Frequency;

    public double CpuSeconds => UserSeconds + KernelSeconds;

    /// <summary>Usage summed over several differences (e.g. the epochs of a pass).</summary>
    public static ProcessUsage Sum(IEnumerable<ProcessUsage> parts) => parts.Aggregate(default(ProcessUsage),
        (sum, part) => new(sum.Timestamp + part.Timestamp, sum.UserSeconds + part.UserSeconds, sum.KernelSeconds + part.KernelSeconds,
            sum.MinorPageFaults + part.MinorPageFaults));

    // Field 10 of /proc/self/stat, counted after the ')' that closes the command name (which may hold spaces).
    private static long ReadMinorFaults()
    {
        if (!OperatingSystem.IsLinux()) return 0;
        try
        {
            string stat = File.ReadAllText("/proc/self/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[7], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 0;
        }
    }
}
