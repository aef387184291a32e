using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;
using CcOrNet.Core.Features;
using CcOrNet.Engines.Sql;
using DuckDB.NET.Data;

namespace CcOrNet.Engines.DuckDb;

/// <summary>DuckDB in-process on one connection: out-of-core (spills to the temp directory past the memory limit).</summary>
public sealed class DuckDbEngine : IEngine
{
    private readonly DuckDBConnection _connection;

    private DuckDbEngine(DuckDBConnection connection, string description)
    {
        _connection = connection;
        Description = description;
    }

    public ISqlDialect Dialect => DuckDbDialect.Instance;

    public string Description { get; }

    /// <summary>Opens an in-memory database with <paramref name="settings"/> applied.</summary>
    public static async Task<DuckDbEngine> OpenAsync(EngineSettings settings, CancellationToken ct = default)
    {
        var problems = settings.Problems().ToList();
        if (settings.Kind != EngineKind.DuckDb) problems.Add($"engine kind must be DuckDb here, got {settings.Kind} (open engines with EngineFactory)");
        if (problems.Count > 0) throw new ArgumentException("Engine settings are not valid: " + string.Join("; ", problems), nameof(settings));
        if (settings.TempDirectory is not null) Directory.CreateDirectory(settings.TempDirectory);
        var connection = new DuckDBConnection("DataSource=:memory:");
        try
        {
            await connection.OpenAsync(ct);
            var engine = new DuckDbEngine(connection, "duckdb " + connection.ServerVersion);
            foreach (string statement in DuckDbDialect.Instance.Configure(settings))
                await engine.ExecuteAsync(statement, ct);
            return engine;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async Task ExecuteAsync(string sql, CancellationToken ct = default)
    {
        await using var command = Command(sql);
        await using var _ = ct.Register(command.Cancel);
        await Task.Run(() => command.ExecuteNonQuery(), ct);
    }

    public async Task<IReadOnlyList<object?[]>> QueryAsync(string sql, CancellationToken ct = default)
    {
        await using var command = Command(sql);
        await using var _ = ct.Register(command.Cancel);
        return await Task.Run(() =>
        {
            var rows = new List<object?[]>();
            using DbDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                var row = new object?[reader.FieldCount];
                for (int i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                rows.Add(row);
            }
            return (IReadOnlyList<object?[]>)rows;
        }, ct);
    }

    public async Task<IReadOnlyList<ColumnInfo>> DescribeAsync(string relation, CancellationToken ct = default)
    {
        var rows = await QueryAsync($"DESCRIBE SELECT * FROM {relation}", ct);
        return rows.Select(r => new ColumnInfo((string)r[0]!, (string)r[1]!, Dialect.Classify((string)r[1]!))).ToList();
    }

    public async Task<long?> MemoryLimitAsync(CancellationToken ct = default)
    {
        var row = (await QueryAsync("SELECT current_setting('memory_limit')", ct))[0];
        return ParseSize((string)row[0]!);
    }

    /// <summary>Bytes of a size as DuckDB prints it, e.g. <c>3.7 GiB</c> or <c>512.0 MB</c>.</summary>
    internal static long ParseSize(string text)
    {
        var match = Regex.Match(text.Trim(), @"^(\d+(?:\.\d+)?)\s*([KMGTP]?i?B|bytes?)$", RegexOptions.IgnoreCase);
        if (!match.Success) throw new FormatException($"DuckDB memory size '{text}' is not a number followed by a unit such as GiB or MB");
        string unit = match.Groups[2].Value.ToUpperInvariant();
        int power = "BKMGTP".IndexOf(unit[0]) is var p and > 0 ? p : 0;
        double scale = Math.Pow(unit.Contains('I') ? 1024 : 1000, power);
        return (long)(double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) * scale);
    }

    public async Task RegisterSourceAsync(string name, TableSource source, CancellationToken ct = default)
    {
        IReadOnlyList<string>? header = null;
        if (source.Resolve().Format == InputFormat.Whitespace)
        {
            if (!File.Exists(source.Path))
                throw new InvalidDataException($"Whitespace input must be one file, '{source.Path}' is not a file");
            string? first = File.ReadLines(source.Path).FirstOrDefault(l => l.Trim().Length > 0);
            header = first?.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        }
        await ExecuteAsync($"CREATE OR REPLACE VIEW {Dialect.Identifier(name)} AS SELECT * FROM {Dialect.ReadSource(source, header)}", ct);
    }

    private DuckDBCommand Command(string sql)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
