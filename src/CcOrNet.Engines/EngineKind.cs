namespace CcOrNet.Engines;

/// <summary>Which engine runs the SQL of the data jobs.</summary>
public enum EngineKind
{
    /// <summary>DuckDB in-process (the default).</summary>
    DuckDb,
    /// <summary>A Spark cluster through Spark Connect.</summary>
    Spark,
}
