using CcOrNet.Core.Thresholds;
using CcOrNet.Engines.DuckDb;
using CcOrNet.Engines.Spark;
using CcOrNet.Engines.Sql;
using CcOrNet.Engines.Tests.DuckDb;
using CcOrNet.Engines.Tests.Sql;

namespace CcOrNet.Engines.Tests.Spark;

/// <summary>
/// The jobs' SQL on a real Spark cluster (SPARK_REMOTE) against the same SQL on DuckDB, on the same
/// small tables: the two engines must give the same rows.
/// </summary>
[Collection("DuckDB")]
public sealed class SparkIntegrationTests
{
    private static readonly string[] EventColumns = ["user_id", "event_time", "amount", "category"];
    private static readonly string[] Events =
    [
        "(1, TIMESTAMP '2024-01-20 00:00:00', 10.0, 'books')", "(1, TIMESTAMP '2024-01-30 06:00:00', 20.0, 'toys')",
        "(1, TIMESTAMP '2024-02-05 00:00:00', 7.0, 'books')", "(2, TIMESTAMP '2023-12-01 00:00:00', 5.0, 'toys')",
        "(2, TIMESTAMP '2024-01-31 23:59:59', -2.5, 'toys')", "(3, TIMESTAMP '2024-02-03 00:00:00', 9.0, 'books')",
        "(4, TIMESTAMP '2024-01-29 12:00:00', 0.0, NULL)",
    ];
    private static readonly string[] UserColumns = ["user_id", "signup_time", "country", "age"];
    private static readonly string[] Users =
    [
        "(1, TIMESTAMP '2024-01-01 00:00:00', 'fr', 41.0)", "(2, TIMESTAMP '2023-11-01 00:00:00', NULL, NULL)",
        "(3, TIMESTAMP '2024-02-02 00:00:00', 'de', 30.0)", "(5, TIMESTAMP '2023-06-01 00:00:00', 'de', 22.0)",
    ];

    [SparkFact]
    public async Task Features_SameSmallTables_SparkAndDuckDbGiveTheSameRows()
    {
        await using var duck = await DuckDbEngine.OpenAsync(new EngineSettings());
        await using var spark = await OpenSparkAsync();

        var expected = await FeaturesAsync(duck, (name, columns, rows) => $"CREATE TABLE {name} AS SELECT * FROM (VALUES {string.Join(", ", rows)}) t({string.Join(", ", columns)})");
        var actual = await FeaturesAsync(spark, (name, columns, rows) => $"CREATE OR REPLACE TEMPORARY VIEW {name} AS SELECT * FROM VALUES {string.Join(", ", rows)} AS t({string.Join(", ", columns)})");

        Assert.Equal(expected.Count, actual.Count);
        for (int row = 0; row < expected.Count; row++)
            for (int column = 0; column < expected[row].Length; column++)
                AssertSame(expected[row][column], actual[row][column], $"row {row}, column {column}");
    }

    [SparkFact]
    public async Task Thresholds_ExactQuantiles_SparkPercentileEqualsDuckDb()
    {
        await using var duck = await DuckDbEngine.OpenAsync(new EngineSettings());
        await using var spark = await OpenSparkAsync();
        await duck.ExecuteAsync("CREATE TABLE labels AS SELECT CAST(i * i AS DOUBLE) AS ltv FROM range(0, 50) t(i)");
        await spark.ExecuteAsync("CREATE OR REPLACE TEMPORARY VIEW labels AS SELECT CAST(id * id AS DOUBLE) AS ltv FROM range(0, 50)");
        double[] quantiles = [0.5, 0.75, 0.9, 0.999];

        var expected = await QuantilesAsync(duck, quantiles, QuantileMode.Exact);
        var exact = await QuantilesAsync(spark, quantiles, QuantileMode.Exact);
        var approximate = await QuantilesAsync(spark, quantiles, QuantileMode.Approximate);

        Assert.Equal(expected.Select(v => Math.Round(v, 6)), exact.Select(v => Math.Round(v, 6)));
        // percentile_approx returns data values (squares) within 1/accuracy in rank of the exact quantile.
        Assert.All(approximate.Zip(expected), p => Assert.InRange(p.First, Math.Floor(Math.Sqrt(p.Second)) * Math.Floor(Math.Sqrt(p.Second)), Math.Pow(Math.Ceiling(Math.Sqrt(p.Second)), 2)));
    }

    [SparkFact(SharedFileSystem = true)]
    public async Task CopyToPartitionedParquet_OnSpark_OneFilePerShardAndNothingLeftInTheCatalog()
    {
        using var temp = new TempDirectory();
        string folder = Path.Combine(temp.Path, "partitions");
        await using var spark = await OpenSparkAsync();
        await spark.ExecuteAsync("CREATE OR REPLACE TEMPORARY VIEW ids AS SELECT id AS user_id FROM range(0, 1000)");

        await spark.ExecuteAsync(spark.Dialect.CopyToPartitionedParquet($"SELECT user_id, {spark.Dialect.Shard("user_id", 4)} AS shard FROM ids", folder, "shard"));

        for (int shard = 0; shard < 4; shard++)
            Assert.Single(Directory.GetFiles(Path.Combine(folder, $"shard={shard}"), "*.parquet"));
        await using var duck = await DuckDbEngine.OpenAsync(new EngineSettings());
        var count = await duck.QueryAsync($"SELECT count(*) FROM read_parquet({duck.Dialect.Literal(Path.Combine(folder, "*", "*.parquet"))})");
        Assert.Equal(1000L, Convert.ToInt64(count[0][0]));
        var tables = await spark.QueryAsync($"SHOW TABLES LIKE '{SparkDialect.ScratchTable(folder)}'");
        Assert.Empty(tables);
    }

    private static async Task<IEngine> OpenSparkAsync() =>
        await EngineFactory.OpenAsync(new EngineSettings { Kind = EngineKind.Spark, SparkRemote = SparkFactAttribute.Remote });

    private static async Task<IReadOnlyList<object?[]>> FeaturesAsync(IEngine engine, Func<string, string[], string[], string> table)
    {
        var sql = new FeatureSql(engine.Dialect);
        await engine.ExecuteAsync(table(FeatureSql.EventsRaw, EventColumns, Events));
        await engine.ExecuteAsync(table(FeatureSql.UsersRaw, UserColumns, Users));
        await engine.ExecuteAsync(sql.EventsView(JobStatements.Events, ColumnKind.Timestamp));
        await engine.ExecuteAsync(sql.UsersView(JobStatements.Users, ColumnKind.Timestamp));
        string id = engine.Dialect.Identifier("user_id");
        return await engine.QueryAsync($"SELECT * FROM ({sql.Select(JobStatements.Plan)}) f ORDER BY {id}");
    }

    private static async Task<List<double>> QuantilesAsync(IEngine engine, double[] quantiles, QuantileMode mode)
    {
        var row = (await engine.QueryAsync(new ThresholdSql(engine.Dialect, "labels", "ltv").LabelQuantiles(quantiles, mode)))[0];
        return [.. ((System.Collections.IEnumerable)row[0]!).Cast<object>().Select(Convert.ToDouble)];
    }

    private static void AssertSame(object? expected, object? actual, string where)
    {
        if (expected is null || actual is null) { Assert.True(expected is null && actual is null, $"{where}: {expected ?? "NULL"} vs {actual ?? "NULL"}"); return; }
        if (expected is string || actual is string) { Assert.Equal(expected, actual); return; }
        Assert.True(Math.Abs(Convert.ToDouble(expected) - Convert.ToDouble(actual)) < 1e-9, $"{where}: DuckDB {expected} vs Spark {actual}");
    }
}
