namespace CcOrNet.Pipeline.Tests.Features;

/// <summary>Tests that open DuckDB run one at a time (native state, two shared cores).</summary>
[CollectionDefinition("DuckDB", DisableParallelization = true)]
public sealed class DuckDbCollection;
