using System.Text.RegularExpressions;
using CcOrNet.Core.Features;
using CcOrNet.Core.Thresholds;
using CcOrNet.Engines.DuckDb;
using CcOrNet.Engines.Spark;
using CcOrNet.Engines.Sql;
using CcOrNet.Engines.Tests.DuckDb;

namespace CcOrNet.Engines.Tests.Sql;

/// <summary>
/// The DuckDB and Spark SQL of each job compute the same thing: the DuckDB text runs here on a small
/// table (values checked by hand), the Spark text is checked for its shape — same output columns in
/// the same order, Spark functions in place of DuckDB ones and nothing DuckDB-only left.
/// </summary>
[Collection("DuckDB")]
public sealed partial class DialectParityTests
{
    private const string FeaturesRelation = "features_table";

    // Functions, types and syntax that exist in only one of the two engines.
    private static readonly string[] DuckDbOnly =
        ["read_parquet(", "read_csv(", "quantile_cont(", "approx_quantile(", "epoch(", "date_diff(", "isfinite(", "try_strptime(",
         "AS VARCHAR", "<<", "regexp_split_to_array(", "COPY (", "CREATE OR REPLACE VIEW", "\""];
    private static readonly string[] SparkOnly =
        ["percentile_approx(", "percentile(", "datediff(", "shiftleft(", "unix_micros(", "try_to_timestamp(", "isnan(", "TEMPORARY VIEW",
         "AS STRING", "DISTRIBUTE BY", "`", "parquet.`"];

    public static TheoryData<string> Statements() => [.. JobStatements.For(DuckDbDialect.Instance, FeaturesRelation).Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(Statements))]
    public void SparkText_EachJobStatement_HasTheSameOutputColumnsAndNoDuckDbOnlySql(string name)
    {
        string duck = Statement(DuckDbDialect.Instance, name), spark = Statement(SparkDialect.Instance, name);

        Assert.Equal(Aliases(duck), Aliases(spark));
        Assert.Equal(Clauses(duck), Clauses(spark));
        Assert.All(DuckDbOnly, token => Assert.DoesNotContain(token, spark));
        Assert.All(SparkOnly, token => Assert.DoesNotContain(token, duck));
    }

    [Fact]
    public void SparkText_Quantiles_UsePercentileApproxOrExactPercentileWithTheSameList()
    {
        string approximate = Statement(SparkDialect.Instance, "approximate quantiles");
        string exact = Statement(SparkDialect.Instance, "exact quantiles");

        Assert.Contains($"percentile_approx(`ltv`, array(0.5, 0.75, 0.999), {SparkDialect.ApproxAccuracy})", approximate);
        Assert.Contains("percentile(`ltv`, array(0.5, 0.75, 0.999))", exact);
        Assert.Contains("approx_quantile(\"ltv\", [0.5, 0.75, 0.999])", Statement(DuckDbDialect.Instance, "approximate quantiles"));
    }

    [Fact]
    public void SparkText_Features_UsesSparkDateAndBitFunctions()
    {
        string spark = Statement(SparkDialect.Instance, "features");

        Assert.Contains("datediff(CAST(TIMESTAMP '2024-02-01 00:00:00' AS DATE), CAST(event_time AS DATE))", spark);
        Assert.Contains("shiftleft(CAST(1 AS BIGINT), days_before - 1)", spark);
        Assert.Contains("bit_count(coalesce(a.active_0, 0))", spark);
        Assert.Contains("(unix_micros(TIMESTAMP '2024-02-01 00:00:00') - unix_micros(a.last_time)) / 8.64E10", spark);
        Assert.Contains("AS `share_category_books`", spark);
    }

    [Fact]
    public async Task DuckDbText_FeaturesOnSmallTable_GivesHandComputedValues()
    {
        await using var engine = await DuckDbEngine.OpenAsync(new EngineSettings());
        var d = engine.Dialect;
        var sql = new FeatureSql(d);
        await CreateInputsAsync(engine);
        await engine.ExecuteAsync(sql.EventsView(JobStatements.Events, ColumnKind.Timestamp));
        await engine.ExecuteAsync(sql.UsersView(JobStatements.Users, ColumnKind.Timestamp));

        string[] columns = ["user_id", "frequency", "monetary", "recency_days", "tenure_days", "active_days", "share_category_books",
                            "seq_spend_001", "seq_spend_002", "country", "age", "age_missing", "ltv"];
        var rows = await engine.QueryAsync(
            $"SELECT {string.Join(", ", columns.Select(d.Identifier))} FROM ({sql.Select(JobStatements.Plan)}) f ORDER BY 1");

        // User 1: signed up Jan 1, purchases of 10 (books, Jan 20) and 20 (Jan 30) in the window, 7 in the horizon.
        Assert.Equal([1L, 2.0, 30.0, 2.0, 31.0, 2.0, 10.0 / 30.0, 20.0, 0.0, "fr", 41.0, 0.0, 7.0], rows[0]);
        // User 2: one purchase of 5 on Dec 1 (before the 30-day window), signed up Nov 1, no age.
        Assert.Equal([2L, 0.0, 0.0, 62.0, 92.0, 0.0, 0.0, 0.0, 0.0, FeatureSchema.MissingCategory, 0.0, 1.0, 0.0], rows[1]);
        // User 3 has only a horizon event and signed up after the cutoff: not a row.
        Assert.Equal(2, rows.Count);
    }

    [Fact]
    public async Task DuckDbText_FeaturesBySlice_TogetherGiveTheFeaturesOfEveryUserOnce()
    {
        await using var engine = await DuckDbEngine.OpenAsync(new EngineSettings());
        var sql = new FeatureSql(engine.Dialect);
        await CreateInputsAsync(engine);
        await engine.ExecuteAsync(sql.EventsView(JobStatements.Events, ColumnKind.Timestamp));
        await engine.ExecuteAsync(sql.UsersView(JobStatements.Users, ColumnKind.Timestamp));
        using var temp = new TempDirectory();
        string folder = Path.Combine(temp.Path, "events");
        await engine.ExecuteAsync(engine.Dialect.CopyToPartitionedParquet(sql.SlicedEvents(JobStatements.Plan, 2), folder, FeatureSql.SliceColumn));
        await engine.ExecuteAsync(sql.EventsBySliceView(folder));
        string all = $"SELECT * FROM ({sql.Select(JobStatements.Plan)}) f ORDER BY 1";

        var whole = await engine.QueryAsync(all);
        foreach (bool sliced in new[] { false, true })
        {
            var slices = new List<object?[]>();
            for (int slice = 0; slice < 2; slice++)
            {
                var plan = JobStatements.Plan with { Slice = new UserSlice(slice, 2), EventsSliced = sliced };
                var rows = await engine.QueryAsync($"SELECT * FROM ({sql.Select(plan)}) f ORDER BY 1");
                Assert.All(rows, r => Assert.Equal(slice, ShardHash.Of(Convert.ToInt64(r[0]), 2)));
                slices.AddRange(rows);
            }
            Assert.Equal(whole, slices.OrderBy(r => Convert.ToInt64(r[0])));
        }
        Assert.Equal(2, whole.Count);
    }

    [Fact]
    public async Task DuckDbText_ExactQuantiles_InterpolateLikeSparkPercentile()
    {
        await using var engine = await DuckDbEngine.OpenAsync(new EngineSettings());
        await engine.ExecuteAsync($"CREATE TABLE {FeaturesRelation} AS SELECT CAST(i AS DOUBLE) AS ltv FROM range(0, 11) t(i)");
        var sql = new ThresholdSql(engine.Dialect, FeaturesRelation, "ltv");

        var row = (await engine.QueryAsync(sql.LabelQuantiles([0.5, 0.75, 0.9], QuantileMode.Exact)))[0];

        // Positive labels 1..10; Spark's percentile and DuckDB's quantile_cont both take rank (n - 1) q, interpolated.
        Assert.Equal([5.5, 7.75, 9.1], ((System.Collections.IEnumerable)row[0]!).Cast<double>().Select(v => Math.Round(v, 9)));
    }

    private static async Task CreateInputsAsync(IEngine engine)
    {
        await engine.ExecuteAsync(
            $"CREATE TABLE {FeatureSql.EventsRaw} AS SELECT * FROM (VALUES " +
            "(1, TIMESTAMP '2024-01-20 00:00:00', 10.0, 'books'), (1, TIMESTAMP '2024-01-30 00:00:00', 20.0, 'toys'), " +
            "(1, TIMESTAMP '2024-02-05 00:00:00', 7.0, 'books'), (2, TIMESTAMP '2023-12-01 00:00:00', 5.0, 'toys'), " +
            "(3, TIMESTAMP '2024-02-03 00:00:00', 9.0, 'books')) t(user_id, event_time, amount, category)");
        await engine.ExecuteAsync(
            $"CREATE TABLE {FeatureSql.UsersRaw} AS SELECT * FROM (VALUES " +
            "(1, TIMESTAMP '2024-01-01 00:00:00', 'fr', 41.0), (2, TIMESTAMP '2023-11-01 00:00:00', NULL, NULL), " +
            "(3, TIMESTAMP '2024-02-02 00:00:00', 'de', 30.0)) t(user_id, signup_time, country, age)");
    }

    private static string Statement(ISqlDialect dialect, string name) =>
        JobStatements.For(dialect, FeaturesRelation).Single(s => s.Name == name).Sql;

    // Output names in order, unquoted ("x" and `x` are the same column); CAST's AS names a type, not a column.
    private static List<string> Aliases(string sql) =>
        [.. AliasPattern().Matches(DialectOnly().Replace(sql, " ")).Select(m => m.Groups[1].Value)
            .Where(a => !TypeNames.Contains(a)).Select(a => a.Trim('"', '`'))];

    private static readonly HashSet<string> TypeNames = ["SELECT", "BIGINT", "INT", "INTEGER", "DOUBLE", "VARCHAR", "STRING", "TIMESTAMP", "DATE"];

    // The statement's skeleton: the clause keywords in order, outside the dialect's own additions.
    private static List<string> Clauses(string sql) =>
        [.. ClausePattern().Matches(DialectOnly().Replace(sql, " ")).Select(m => m.Value.ToUpperInvariant())];

    [GeneratedRegex("""\bAS\s+("[^"]+"|`[^`]+`|[A-Za-z_][A-Za-z0-9_]*)""")]
    private static partial Regex AliasPattern();

    [GeneratedRegex(@"\b(SELECT|FROM|WHERE|GROUP BY|HAVING|ORDER BY|LIMIT|JOIN|UNION ALL|WITH)\b")]
    private static partial Regex ClausePattern();

    // What only one dialect emits: Spark's write script and DuckDB's COPY wrap the same query differently.
    [GeneratedRegex(@"^(COPY \(|DROP TABLE IF EXISTS [^;]+;\s*CREATE TABLE .*? AS SELECT \* FROM \()|\) ccornet_q DISTRIBUTE BY .*$|\) TO '.*$", RegexOptions.Singleline)]
    private static partial Regex DialectOnly();
}
