using CcOrNet.Engines.Sql;
using CcOrNet.SparkConnect;
using Microsoft.Extensions.Logging;

namespace CcOrNet.Engines.Spark;

/// <summary>
/// A Spark cluster through Spark Connect: the jobs' SQL runs on the cluster, outputs are written by
/// Spark's executors, and only small results come back as Arrow.
/// </summary>
/// <remarks>
/// Paths in SQL are read and written by Spark, and the jobs also touch their output folders from
/// this process (staging, rename, manifest): the lake must be at the same path for both, e.g. local
/// mode or a shared mount (see infra/spark/README.md).
/// </remarks>
public sealed class SparkEngine : IEngine
{
    private readonly SparkSession _session;

    private SparkEngine(SparkSession session, string description)
    {
        _session = session;
        Description = description;
    }

    public ISqlDialect Dialect => SparkDialect.Instance;

    public string Description { get; }

    /// <summary>Connects to <see cref="EngineSettings.SparkRemote"/>, applies the session settings the SQL needs and reads Spark's version.</summary>
    public static async Task<SparkEngine> OpenAsync(EngineSettings settings, ILogger? logger = null, CancellationToken ct = default)
    {
        var problems = settings.Problems().ToList();
        if (settings.Kind != EngineKind.Spark) problems.Add($"engine kind must be Spark, got {settings.Kind}");
        if (problems.Count > 0) throw new ArgumentException("Engine settings are not valid: " + string.Join("; ", problems), nameof(settings));
        var connection = SparkConnectionString.Parse(settings.SparkRemote!);
        var session = SparkSession.Open(new SparkClientOptions { Connection = connection }, logger);
        try
        {
            await session.SetConfigAsync(SparkDialect.SessionConfig, ct);
            var version = await session.QueryAsync("SELECT version()", ct);
            string release = (version.Rows.FirstOrDefault()?[0] as string ?? "unknown").Split(' ')[0];
            return new SparkEngine(session, $"spark {release} at {connection.Host}:{connection.Port}");
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs a statement, or a script of statements separated by semicolons, in order.</summary>
    public async Task ExecuteAsync(string sql, CancellationToken ct = default)
    {
        foreach (string statement in SqlScript.Split(sql))
            await _session.ExecuteAsync(statement, ct);
    }

    public async Task<IReadOnlyList<object?[]>> QueryAsync(string sql, CancellationToken ct = default) =>
        (await _session.QueryAsync(sql, ct)).Rows;

    public async Task<IReadOnlyList<ColumnInfo>> DescribeAsync(string relation, CancellationToken ct = default)
    {
        var rows = await QueryAsync($"DESCRIBE QUERY SELECT * FROM {relation}", ct);
        // Partitioned sources add "# Partition Information" rows after the columns.
        return rows.TakeWhile(r => r[0] is string name && !name.StartsWith('#') && name.Length > 0)
            .Select(r => new ColumnInfo((string)r[0]!, (string)r[1]!, Dialect.Classify((string)r[1]!)))
            .ToList();
    }

    /// <summary>Null: Spark's executors are sized by spark-submit and spill on their own.</summary>
    public Task<long?> MemoryLimitAsync(CancellationToken ct = default) => Task.FromResult<long?>(null);

    public Task RegisterSourceAsync(string name, TableSource source, CancellationToken ct = default) =>
        ExecuteAsync(SparkDialect.Instance.SourceView(name, source), ct);

    /// <summary>
    /// Registers partition <paramref name="column"/>=<paramref name="value"/> of Parquet table
    /// <paramref name="table"/> rooted at <paramref name="root"/> in Spark's catalog (creating the
    /// table on first use), so BI reads a partition written straight to the lake.
    /// </summary>
    public async Task RegisterPartitionAsync(string table, string root, string column, string value, CancellationToken ct = default)
    {
        foreach (string statement in SparkDialect.Instance.RegisterPartition(table, root, column, value))
            await _session.ExecuteAsync(statement, ct);
    }

    public ValueTask DisposeAsync() => _session.DisposeAsync();
}
