using CcOrNet.Core.Features;
using CcOrNet.Core.Thresholds;

namespace CcOrNet.Engines.Sql;

/// <summary>
/// Everything engine-specific in the SQL the jobs run. The query builders (<see cref="FeatureSql"/>,
/// <see cref="ThresholdSql"/>) write standard SQL and ask the dialect for the rest, so a Spark SQL
/// dialect is one more implementation of this interface.
/// </summary>
/// <remarks>
/// Names and paths from options or mapping files reach SQL only through <see cref="Identifier"/>
/// and <see cref="Literal"/>.
/// </remarks>
public interface ISqlDialect
{
    /// <summary>A quoted identifier: any name, including quotes and semicolons, stays one name.</summary>
    string Identifier(string name);

    /// <summary>A quoted string literal.</summary>
    string Literal(string value);

    /// <summary>A timestamp literal at midnight UTC of <paramref name="day"/>.</summary>
    string TimestampLiteral(DateOnly day);

    /// <summary>The head of a statement creating or replacing a session-local view, e.g. <c>CREATE OR REPLACE VIEW v</c>.</summary>
    string CreateView(string name);

    /// <summary>Cast to the engine's text type.</summary>
    string CastToText(string expression);

    /// <summary>A relation that reads the rows of all <paramref name="files"/> (Parquet, same schema), in order.</summary>
    string ReadParquetFiles(IReadOnlyList<string> files);

    /// <summary>A relation that reads the hive folders <c>{column}=value/</c> under <paramref name="folder"/> (Parquet), the partition column included.</summary>
    string ReadPartitionedParquet(string folder);

    /// <summary>A relation that reads <paramref name="source"/> (<paramref name="textHeader"/>: column names of a whitespace file).</summary>
    string ReadSource(TableSource source, IReadOnlyList<string>? textHeader);

    /// <summary>Family of an engine type name as reported by <c>DESCRIBE</c>.</summary>
    ColumnKind Classify(string engineType);

    /// <summary>Cast to BIGINT giving NULL when impossible.</summary>
    string TryBigint(string expression);

    /// <summary>Cast to DOUBLE giving NULL when impossible.</summary>
    string TryDouble(string expression);

    /// <summary>Parse to TIMESTAMP giving NULL when impossible; <paramref name="format"/> is a strptime pattern or null.</summary>
    string TryTimestamp(string expression, ColumnKind kind, string? format);

    /// <summary>True when a DOUBLE is neither NaN nor infinite.</summary>
    string IsFinite(string expression);

    /// <summary>Calendar days from the day of timestamp <paramref name="timestamp"/> to the day of <paramref name="day"/> (0 on the same day).</summary>
    string DaysUntil(string timestamp, string day);

    /// <summary>A BIGINT with only bit <paramref name="bit"/> set (0 = lowest).</summary>
    string BitAt(string bit);

    /// <summary>Number of bits set in a BIGINT.</summary>
    string BitCount(string expression);

    /// <summary>Fractional days between two timestamps.</summary>
    string FractionalDays(string from, string to);

    /// <summary>Portable shard of an int64 id (<see cref="ShardHash"/>).</summary>
    string Shard(string userId, int shards);

    /// <summary>A list of quantiles of <paramref name="expression"/>, in the order asked.</summary>
    string Quantiles(string expression, IReadOnlyList<double> quantiles, QuantileMode mode);

    /// <summary>A statement writing <paramref name="query"/> to one Parquet file.</summary>
    string CopyToParquet(string query, string file);

    /// <summary>A statement writing <paramref name="query"/> to hive folders <c>{column}=value/</c> under <paramref name="folder"/>.</summary>
    string CopyToPartitionedParquet(string query, string folder, string partitionColumn);

    /// <summary>Statements applying <paramref name="settings"/> to a session.</summary>
    IEnumerable<string> Configure(EngineSettings settings);
}
