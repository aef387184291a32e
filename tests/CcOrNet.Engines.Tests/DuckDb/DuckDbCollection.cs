namespace CcOrNet.Engines.Tests.DuckDb;

/// <summary>Tests that open DuckDB run one at a time (native state, two shared cores).</summary>
[CollectionDefinition("DuckDB", DisableParallelization = true)]
public sealed class DuckDbCollection;
