using CcOrNet.Engines.Sql;

namespace CcOrNet.Engines;

/// <summary>
/// A SQL engine the data jobs run on: DuckDB in-process by default, Spark later. Work stays in the
/// engine (set-based SQL, results written by the engine); only small results come back to .NET.
/// </summary>
public interface IEngine : IAsyncDisposable
{
    /// <summary>The engine's SQL dialect.</summary>
    ISqlDialect Dialect { get; }

    /// <summary>Name and version, e.g. <c>duckdb v1.4.1</c>.</summary>
    string Description { get; }

    /// <summary>Runs a statement.</summary>
    Task ExecuteAsync(string sql, CancellationToken ct = default);

    /// <summary>Runs a query with a small result and returns its rows (DBNull becomes null).</summary>
    Task<IReadOnlyList<object?[]>> QueryAsync(string sql, CancellationToken ct = default);

    /// <summary>Columns of a relation (a table name or a parenthesised query).</summary>
    Task<IReadOnlyList<ColumnInfo>> DescribeAsync(string relation, CancellationToken ct = default);

    /// <summary>Bytes a query may hold in memory before it spills (DuckDB's <c>memory_limit</c>); null when the engine sizes itself (Spark).</summary>
    Task<long?> MemoryLimitAsync(CancellationToken ct = default);

    /// <summary>Creates (or replaces) a view <paramref name="name"/> over an input table.</summary>
    Task RegisterSourceAsync(string name, TableSource source, CancellationToken ct = default);
}
