namespace CcOrNet.Pipeline.Runs;

/// <summary>One finished step and its wall time.</summary>
public sealed record PipelineStep(string Name, TimeSpan Elapsed, string Output);
