using System.Globalization;
using CcOrNet.Core.Features;
using CcOrNet.Core.Thresholds;
using CcOrNet.Engines.Sql;

namespace CcOrNet.Engines.DuckDb;

/// <summary>DuckDB's SQL.</summary>
internal sealed class DuckDbDialect : ISqlDialect
{
    public static DuckDbDialect Instance { get; } = new();

    public string Identifier(string name)
    {
        RejectNul(name, "identifier");
        return "\"" + name.Replace("\"", "\"\"") + "\"";
    }

    public string Literal(string value)
    {
        RejectNul(value, "literal");
        return "'" + value.Replace("'", "''") + "'";
    }

    public string TimestampLiteral(DateOnly day) => $"TIMESTAMP '{day:yyyy-MM-dd} 00:00:00'";

    public string CreateView(string name) => $"CREATE OR REPLACE VIEW {name}";

    public string CastToText(string expression) => $"CAST({expression} AS VARCHAR)";

    public string ReadParquetFiles(IReadOnlyList<string> files) =>
        $"read_parquet([{string.Join(", ", files.Select(Literal))}])";

    // A filter on the partition column skips the other folders' files.
    public string ReadPartitionedParquet(string folder) =>
        $"read_parquet({Literal(Path.Combine(folder, "*", "*.parquet"))}, hive_partitioning = true)";

    public string ReadSource(TableSource source, IReadOnlyList<string>? textHeader)
    {
        var (format, pattern) = source.Resolve();
        string path = Literal(pattern);
        switch (format)
        {
            case InputFormat.Parquet:
                return $"read_parquet({path}, union_by_name = true)";
            case InputFormat.Whitespace:
                if (textHeader is null || textHeader.Count == 0)
                    throw new InvalidDataException($"Whitespace file '{source.Path}' has no header line");
                // One VARCHAR column per line (NUL never occurs in text), split on runs of blanks.
                string fields = string.Join(", ", textHeader.Select((name, i) => $"parts[{i + 1}] AS {Identifier(name)}"));
                return $"(SELECT {fields} FROM (SELECT regexp_split_to_array(trim(line), '\\s+') AS parts " +
                       $"FROM read_csv({path}, header = false, skip = 1, columns = {{'line': 'VARCHAR'}}, delim = '\\0', quote = '', escape = '', auto_detect = false) " +
                       "WHERE trim(line) <> ''))";
            default:
                string delimiter = source.Delimiter is null ? "" : $", delim = {Literal(source.Delimiter)}";
                return $"read_csv({path}, header = true, union_by_name = true{delimiter})";
        }
    }

    public ColumnKind Classify(string engineType)
    {
        string type = engineType.ToUpperInvariant();
        return type switch
        {
            "TINYINT" or "SMALLINT" or "INTEGER" or "BIGINT" or "HUGEINT" or "UTINYINT" or "USMALLINT" or "UINTEGER" or "UBIGINT" => ColumnKind.Integer,
            "FLOAT" or "DOUBLE" => ColumnKind.Real,
            _ when type.StartsWith("DECIMAL", StringComparison.Ordinal) => ColumnKind.Real,
            "VARCHAR" => ColumnKind.Text,
            "DATE" => ColumnKind.Date,
            _ when type.StartsWith("TIMESTAMP", StringComparison.Ordinal) => ColumnKind.Timestamp,
            "BOOLEAN" => ColumnKind.Boolean,
            _ => ColumnKind.Other,
        };
    }

    public string TryBigint(string expression) => $"TRY_CAST({expression} AS BIGINT)";

    public string TryDouble(string expression) => $"TRY_CAST({expression} AS DOUBLE)";

    public string TryTimestamp(string expression, ColumnKind kind, string? format) => (kind, format) switch
    {
        // Through epoch microseconds: the UTC wall time of a TIMESTAMP WITH TIME ZONE without a
        // time zone conversion, which as a CAST costs more than the rest of the feature query.
        (ColumnKind.Timestamp, _) => $"make_timestamp(epoch_us({expression}))",
        (ColumnKind.Date, _) => $"CAST({expression} AS TIMESTAMP)",
        (_, not null) => $"try_strptime(CAST({expression} AS VARCHAR), {Literal(format)})",
        _ => $"TRY_CAST({expression} AS TIMESTAMP)",
    };

    public string IsFinite(string expression) => $"isfinite({expression})";

    public string DaysUntil(string timestamp, string day) => $"date_diff('day', CAST({timestamp} AS DATE), CAST({day} AS DATE))";

    public string BitAt(string bit) => $"(CAST(1 AS BIGINT) << ({bit}))";

    // bit_count returns TINYINT: widen it before the per-word counts are added up.
    public string BitCount(string expression) => $"CAST(bit_count({expression}) AS INTEGER)";

    public string FractionalDays(string from, string to) => $"(epoch({to}) - epoch({from})) / 86400.0";

    public string Shard(string userId, int shards) =>
        $"CAST(((({userId} % {ShardHash.Modulus}) + {ShardHash.Modulus}) % {ShardHash.Modulus}) * {ShardHash.Multiplier} % {ShardHash.Modulus} % {shards} AS INTEGER)";

    public string Quantiles(string expression, IReadOnlyList<double> quantiles, QuantileMode mode)
    {
        string list = "[" + string.Join(", ", quantiles.Select(q => q.ToString("R", CultureInfo.InvariantCulture))) + "]";
        return mode == QuantileMode.Exact ? $"quantile_cont({expression}, {list})" : $"approx_quantile({expression}, {list})";
    }

    public string CopyToParquet(string query, string file) =>
        $"COPY ({query}) TO {Literal(file)} (FORMAT parquet)";

    public string CopyToPartitionedParquet(string query, string folder, string partitionColumn) =>
        $"COPY ({query}) TO {Literal(folder)} (FORMAT parquet, PARTITION_BY ({Identifier(partitionColumn)}), FILENAME_PATTERN 'part-{{i}}')";

    public IEnumerable<string> Configure(EngineSettings settings)
    {
        if (settings.MemoryLimit is not null) yield return $"SET memory_limit = {Literal(settings.MemoryLimit)}";
        if (settings.Threads is int threads) yield return $"SET threads = {threads}";
        if (settings.TempDirectory is not null) yield return $"SET temp_directory = {Literal(settings.TempDirectory)}";
        // Time zone-aware inputs are read as UTC, whatever the machine's zone.
        yield return "SET TimeZone = 'UTC'";
        // Row order matters only where an ORDER BY asks for it; not keeping insertion order lets COPY stream.
        yield return "SET preserve_insertion_order = false";
    }

    private static void RejectNul(string text, string what)
    {
        if (text.Contains('\0')) throw new ArgumentException($"A SQL {what} must not contain a NUL character: '{text.Replace("\0", "\\0")}'");
    }
}
