namespace CcOrNet.Jobs.Cli;

/// <summary>Process exit codes: orchestrators branch on these, so they are stable.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    /// <summary>The job ran and failed: bad input data, I/O failure, a broken invariant.</summary>
    public const int JobFailed = 1;
    /// <summary>The command line or the options were wrong; nothing was read or written.</summary>
    public const int UsageError = 2;
    /// <summary>Stopped by Ctrl+C or SIGTERM; no partial output is left.</summary>
    public const int Cancelled = 130;
}
