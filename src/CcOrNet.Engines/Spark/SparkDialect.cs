using System.Globalization;
using System.Text;
using CcOrNet.Core.Features;
using CcOrNet.Core.Thresholds;
using CcOrNet.Engines.Sql;

namespace CcOrNet.Engines.Spark;

/// <summary>
/// Spark SQL (3.5 and 4.x): backtick identifiers, backslash-escaped literals, temporary views,
/// <c>percentile_approx</c>, <c>datediff</c>/<c>unix_micros</c>, and writes as Spark data source tables.
/// </summary>
internal sealed class SparkDialect : ISqlDialect
{
    public static SparkDialect Instance { get; } = new();

    /// <summary>Session settings the SQL relies on (applied through the Config RPC by <see cref="SparkEngine"/>).</summary>
    public static IReadOnlyDictionary<string, string> SessionConfig { get; } = new Dictionary<string, string>
    {
        // TIMESTAMP literals and timestamp-to-date casts are read in UTC, whatever the cluster's zone.
        ["spark.sql.session.timeZone"] = "UTC",
        // Ordinals in SORT BY refer to select-list positions (the written rows are sorted by column 1).
        ["spark.sql.orderByOrdinal"] = "true",
    };

    public string Identifier(string name)
    {
        RejectNul(name, "identifier");
        return "`" + name.Replace("`", "``") + "`";
    }

    // Spark string literals treat backslash as an escape character, so both it and the quote are escaped.
    public string Literal(string value)
    {
        RejectNul(value, "literal");
        return "'" + value.Replace("\\", "\\\\").Replace("'", "\\'") + "'";
    }

    public string TimestampLiteral(DateOnly day) => $"TIMESTAMP '{day:yyyy-MM-dd} 00:00:00'";

    // Temporary: a session's scratch views must not land in the shared catalog (and a permanent
    // view may not refer to the temporary source views anyway).
    public string CreateView(string name) => $"CREATE OR REPLACE TEMPORARY VIEW {name}";

    public string CastToText(string expression) => $"CAST({expression} AS STRING)";

    public string ReadParquetFiles(IReadOnlyList<string> files)
    {
        if (files.Count == 0) throw new ArgumentException("At least one Parquet file is needed", nameof(files));
        return "(" + string.Join(" UNION ALL ", files.Select(f => $"SELECT * FROM parquet.{Identifier(f)}")) + ")";
    }

    // Spark discovers the partition folders itself and prunes them on a filter of the partition column.
    public string ReadPartitionedParquet(string folder) => $"parquet.{Identifier(folder)}";

    /// <summary>Parquet as <c>parquet.`path`</c> (a file, folder or Hadoop glob); CSV is read through a temporary view instead (<see cref="SourceView"/>).</summary>
    public string ReadSource(TableSource source, IReadOnlyList<string>? textHeader) => FormatOf(source) switch
    {
        InputFormat.Parquet => $"parquet.{Identifier(source.Path)}",
        var format => throw new NotSupportedException(
            $"Spark reads {format} input '{source.Path}' only through a temporary view (SparkEngine.RegisterSourceAsync), not inline"),
    };

    /// <summary>A statement creating temporary view <paramref name="name"/> over <paramref name="source"/>.</summary>
    public string SourceView(string name, TableSource source) => FormatOf(source) switch
    {
        InputFormat.Parquet => $"{CreateView(Identifier(name))} AS SELECT * FROM {ReadSource(source, null)}",
        InputFormat.Csv => $"{CreateView(Identifier(name))} USING csv OPTIONS (path {Literal(source.Path)}, header 'true', inferSchema 'true'" +
                           $"{(source.Delimiter is null ? "" : $", sep {Literal(source.Delimiter)}")})",
        var format => throw new NotSupportedException(
            $"Input '{source.Path}' is {format}; on Spark use Parquet or CSV (with a header line)"),
    };

    // The lake may be remote (HDFS, S3): decide by name when the path is not visible here.
    private static InputFormat FormatOf(TableSource source)
    {
        if (source.Format != InputFormat.Auto) return source.Format;
        if (Directory.Exists(source.Path) || File.Exists(source.Path)) return source.Resolve().Format;
        string extension = Path.GetExtension(source.Path.TrimEnd('/', '*')).ToLowerInvariant();
        return extension is ".csv" or ".tsv" or ".txt" ? InputFormat.Csv : InputFormat.Parquet;
    }

    public ColumnKind Classify(string engineType)
    {
        string type = engineType.ToLowerInvariant();
        return type switch
        {
            "tinyint" or "smallint" or "int" or "integer" or "bigint" or "byte" or "short" or "long" => ColumnKind.Integer,
            "float" or "double" or "real" => ColumnKind.Real,
            _ when type.StartsWith("decimal", StringComparison.Ordinal) => ColumnKind.Real,
            "string" => ColumnKind.Text,
            _ when type.StartsWith("varchar", StringComparison.Ordinal) || type.StartsWith("char", StringComparison.Ordinal) => ColumnKind.Text,
            "date" => ColumnKind.Date,
            _ when type.StartsWith("timestamp", StringComparison.Ordinal) => ColumnKind.Timestamp,
            "boolean" => ColumnKind.Boolean,
            _ => ColumnKind.Other,
        };
    }

    public string TryBigint(string expression) => $"TRY_CAST({expression} AS BIGINT)";

    public string TryDouble(string expression) => $"TRY_CAST({expression} AS DOUBLE)";

    public string TryTimestamp(string expression, ColumnKind kind, string? format) => (kind, format) switch
    {
        (ColumnKind.Timestamp, _) => $"CAST({expression} AS TIMESTAMP)",
        (ColumnKind.Date, _) => $"CAST({expression} AS TIMESTAMP)",
        (_, not null) => $"try_to_timestamp(CAST({expression} AS STRING), {Literal(JavaDatePattern(format))})",
        _ => $"TRY_CAST({expression} AS TIMESTAMP)",
    };

    // isnan(NULL) is false in Spark, so NULL still yields NULL through the comparison, as in DuckDB.
    public string IsFinite(string expression) => $"(NOT isnan({expression}) AND abs({expression}) <> CAST('Infinity' AS DOUBLE))";

    public string DaysUntil(string timestamp, string day) => $"datediff(CAST({day} AS DATE), CAST({timestamp} AS DATE))";

    public string BitAt(string bit) => $"shiftleft(CAST(1 AS BIGINT), {bit})";

    public string BitCount(string expression) => $"bit_count({expression})";

    // 8.64E10 is a DOUBLE literal (microseconds per day); a decimal literal would make the division DECIMAL.
    public string FractionalDays(string from, string to) => $"(unix_micros({to}) - unix_micros({from})) / 8.64E10";

    public string Shard(string userId, int shards) =>
        $"CAST(((({userId} % {ShardHash.Modulus}) + {ShardHash.Modulus}) % {ShardHash.Modulus}) * {ShardHash.Multiplier} % {ShardHash.Modulus} % {shards} AS INT)";

    /// <summary>Exact: <c>percentile</c> (linear interpolation, as DuckDB's <c>quantile_cont</c>); approximate: <c>percentile_approx</c>.</summary>
    public string Quantiles(string expression, IReadOnlyList<double> quantiles, QuantileMode mode)
    {
        string list = "array(" + string.Join(", ", quantiles.Select(q => q.ToString("R", CultureInfo.InvariantCulture))) + ")";
        return mode == QuantileMode.Exact
            ? $"percentile({expression}, {list})"
            : $"percentile_approx({expression}, {list}, {ApproxAccuracy})";
    }

    /// <summary>Accuracy of <c>percentile_approx</c>: relative rank error 1/accuracy (Spark's default is 10000).</summary>
    public const int ApproxAccuracy = 10000;

    /// <summary>
    /// Spark cannot name its output files: this writes a folder at <paramref name="file"/> holding one
    /// Parquet part file.
    /// </summary>
    public string CopyToParquet(string query, string file) =>
        $"INSERT OVERWRITE DIRECTORY {Literal(file)} USING parquet SELECT /*+ COALESCE(1) */ * FROM ({query}) ccornet_q";

    /// <summary>
    /// Writes hive folders through an external table that is dropped again (its files stay): one file
    /// per partition value (<c>DISTRIBUTE BY</c>), rows sorted by the query's first column.
    /// </summary>
    public string CopyToPartitionedParquet(string query, string folder, string partitionColumn)
    {
        string table = Identifier(ScratchTable(folder));
        string column = Identifier(partitionColumn);
        return string.Join(";\n",
            $"DROP TABLE IF EXISTS {table}",
            $"CREATE TABLE {table} USING parquet PARTITIONED BY ({column}) LOCATION {Literal(folder)} " +
            $"AS SELECT * FROM ({query}) ccornet_q DISTRIBUTE BY {column} SORT BY {column}, 1",
            $"DROP TABLE {table}");
    }

    /// <summary>Statements registering partition <paramref name="column"/>=<paramref name="value"/> of table <paramref name="table"/> (Parquet under <paramref name="root"/>) in the catalog.</summary>
    public IReadOnlyList<string> RegisterPartition(string table, string root, string column, string value) =>
    [
        $"CREATE TABLE IF NOT EXISTS {Identifier(table)} USING parquet PARTITIONED BY ({Identifier(column)}) LOCATION {Literal(root)}",
        $"ALTER TABLE {Identifier(table)} ADD IF NOT EXISTS PARTITION ({Identifier(column)} = {Literal(value)}) " +
        $"LOCATION {Literal(root.TrimEnd('/') + "/" + column + "=" + value)}",
    ];

    public IEnumerable<string> Configure(EngineSettings settings) =>
        SessionConfig.Select(c => $"SET {c.Key}={c.Value}");

    /// <summary>A catalog name for the scratch table that writes <paramref name="folder"/>: same folder, same name.</summary>
    internal static string ScratchTable(string folder)
    {
        ulong hash = 14695981039346656037;
        foreach (byte b in Encoding.UTF8.GetBytes(folder)) hash = (hash ^ b) * 1099511628211;
        return $"ccornet_write_{hash:x16}";
    }

    /// <summary>A strptime pattern (<c>%Y-%m-%d %H:%M:%S</c>) as a Java DateTimeFormatter pattern (<c>yyyy-MM-dd HH:mm:ss</c>).</summary>
    internal static string JavaDatePattern(string strptime)
    {
        var pattern = new StringBuilder();
        var literal = new StringBuilder();
        void Flush()
        {
            if (literal.Length == 0) return;
            string text = literal.ToString();
            pattern.Append(text.Any(char.IsLetter) || text.Contains('\'') ? "'" + text.Replace("'", "''") + "'" : text);
            literal.Clear();
        }
        for (int i = 0; i < strptime.Length; i++)
        {
            if (strptime[i] != '%') { literal.Append(strptime[i]); continue; }
            if (i + 1 >= strptime.Length) throw new ArgumentException($"Time format '{strptime}' ends with a lone '%'");
            char code = strptime[++i];
            if (code == '%') { literal.Append('%'); continue; }
            string java = code switch
            {
                'Y' => "yyyy", 'y' => "yy", 'm' => "MM", 'd' => "dd", 'H' => "HH", 'I' => "hh", 'M' => "mm",
                'S' => "ss", 'f' => "SSSSSS", 'p' => "a", 'b' => "MMM", 'B' => "MMMM", 'j' => "DDD", 'z' => "XX", 'Z' => "z",
                _ => throw new ArgumentException($"Time format '{strptime}' uses %{code}, which has no Spark equivalent here; supported: %Y %y %m %d %H %I %M %S %f %p %b %B %j %z %Z %%"),
            };
            Flush();
            pattern.Append(java);
        }
        Flush();
        return pattern.ToString();
    }

    private static void RejectNul(string text, string what)
    {
        if (text.Contains('\0')) throw new ArgumentException($"A SQL {what} must not contain a NUL character: '{text.Replace("\0", "\\0")}'");
    }
}
