namespace CcOrNet.Core.Jobs;

/// <summary>
/// A progress report from a long-running job step, e.g. <c>("events", 120_000, 1_000_000)</c>.
/// Jobs report through <see cref="IProgress{T}"/>; the CLI renders the bars.
/// </summary>
/// <param name="Step">What is being done, short and stable (used as the bar's label).</param>
/// <param name="Done">Units finished so far.</param>
/// <param name="Total">Units in all, or 0 when unknown.</param>
public readonly record struct JobProgress(string Step, long Done, long Total);
