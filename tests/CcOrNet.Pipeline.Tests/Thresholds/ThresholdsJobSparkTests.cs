using System.Collections;
using Apache.Arrow;
using Apache.Arrow.Types;
using CcOrNet.Core.Features;
using CcOrNet.Core.Thresholds;
using CcOrNet.Engines;
using CcOrNet.Engines.DuckDb;
using CcOrNet.Engines.Spark;
using CcOrNet.Engines.Sql;
using CcOrNet.Pipeline.Tests.Features;
using CcOrNet.Pipeline.Thresholds;
using CcOrNet.SparkConnect.Protocol;
using CcOrNet.SparkConnect.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace CcOrNet.Pipeline.Tests.Thresholds;

/// <summary>
/// The thresholds job with <c>--engine spark</c>, end to end through the Spark Connect client, against
/// a fake server that answers each Spark SQL query with the result of the same statement in DuckDB's
/// dialect on the same features folder (typed as Spark would: int64 counts, double statistics,
/// array&lt;double&gt; quantiles). The job must write the same thresholds as on DuckDB.
/// </summary>
[Collection("DuckDB")]
public sealed class ThresholdsJobSparkTests
{
    [Theory]
    [InlineData(QuantileMode.Exact)]
    [InlineData(QuantileMode.Approximate)]
    public async Task RunAsync_SparkEngine_WritesTheSameThresholdsAsDuckDb(QuantileMode mode)
    {
        using var temp = new TempFolder();
        double[] labels = [0, 0, 3, 19, 2, 13, 3, 0, 5, 17, 7, 11, 4, 4, 8];
        string[] countries = ["fr", "de", "fr", "us", "fr", "de", "fr", "fr", "de", "us", "fr", "de", "es", "fr", "de"];
        string features = await FeatureFolder.WriteAsync(temp.File("features"), labels, countries);
        var options = new ThresholdsOptions { FeaturesDirectory = features, OutputFile = temp.File("duckdb.json"), MinPositiveLabels = 1, MinCategoryCount = 2, Mode = mode };
        var onDuckDb = await ThresholdsJob.RunAsync(options, null, NullLogger.Instance, CancellationToken.None);

        await using var server = await FakeSparkServer.StartAsync();
        await using var duck = await DuckDbEngine.OpenAsync(new EngineSettings());
        var answers = DuckDbAnswers(features, duck);
        server.Service.OnExecute = async (request, stream, _) => await stream.WriteAsync(Responses.Arrow(request, await answers(request.Plan.Root.Sql.Query)));
        var onSpark = await ThresholdsJob.RunAsync(
            options with { OutputFile = temp.File("spark.json"), Engine = new EngineSettings { Kind = EngineKind.Spark, SparkRemote = server.Remote() } },
            null, NullLogger.Instance, CancellationToken.None);

        Assert.Equal(onDuckDb.Thresholds.ToJson(), onSpark.Thresholds.ToJson());
        var queries = server.Service.Executions.Select(e => e.Plan.Root.Sql.Query).ToList();
        Assert.Contains(queries, q => q.Contains(mode == QuantileMode.Exact ? "percentile(`ltv`, array(0.5, 0.75, 0.999))" : "percentile_approx(`ltv`, array(0.5, 0.75, 0.999), 10000)"));
        Assert.All(queries.Skip(1), q => Assert.Contains($"FROM (SELECT * FROM parquet.`{Path.Combine(features, ShardHash.FileName(0))}`)", q));
    }

    // Answers a Spark query by running its DuckDB twin: every statement the thresholds job may send, built in both dialects.
    private static Func<string, Task<RecordBatch>> DuckDbAnswers(string features, IEngine duck)
    {
        var manifest = FeatureManifest.Read(features);
        var files = manifest.Files.Select(f => Path.Combine(features, f)).ToList();
        var spark = new ThresholdSql(SparkDialect.Instance, SparkDialect.Instance.ReadParquetFiles(files), "ltv");
        var duckdb = new ThresholdSql(duck.Dialect, duck.Dialect.ReadParquetFiles(files), "ltv");
        var numeric = manifest.Schema.Numeric.Select(n => (n.Name, n.HeavyTailed ? FeatureTransform.SignedLog1p : FeatureTransform.Identity)).ToList();
        var twins = new Dictionary<string, string> { ["SELECT version()"] = "SELECT '3.5.1 fake' AS version" };
        void Twin(Func<ThresholdSql, string> statement) => twins[statement(spark)] = statement(duckdb);
        Twin(s => s.Counts());
        foreach (var mode in Enum.GetValues<QuantileMode>()) Twin(s => s.LabelQuantiles([0.5, 0.75, 0.999], mode));
        Twin(s => s.MeanAndStd(numeric));
        foreach (string channel in manifest.Schema.SequenceChannels) Twin(s => s.Sums(manifest.Schema.SequenceColumns(channel), FeatureTransform.SignedLog1p));
        foreach (string column in manifest.Schema.Categorical) Twin(s => s.Vocabulary(column, 2));
        return async query =>
        {
            if (!twins.TryGetValue(query, out string? twin)) throw new InvalidOperationException($"Unexpected Spark query: {query}");
            return SparkTyped(await duck.QueryAsync(twin));
        };
    }

    // Rows as Spark sends them: counts int64, numbers double, text string, quantiles array<double>.
    private static RecordBatch SparkTyped(IReadOnlyList<object?[]> rows)
    {
        int columns = rows[0].Length;
        var schema = new Schema.Builder();
        var arrays = new List<IArrowArray>();
        for (int c = 0; c < columns; c++)
        {
            var sample = rows.Select(r => r[c]).FirstOrDefault(v => v is not null);
            switch (sample)
            {
                case string:
                    var text = new StringArray.Builder();
                    foreach (var row in rows) { if (row[c] is string s) text.Append(s); else text.AppendNull(); }
                    arrays.Add(text.Build());
                    schema.Field(f => f.Name($"c{c}").DataType(StringType.Default));
                    break;
                case long or int:
                    var count = new Int64Array.Builder();
                    foreach (var row in rows) { if (row[c] is null) count.AppendNull(); else count.Append(Convert.ToInt64(row[c])); }
                    arrays.Add(count.Build());
                    schema.Field(f => f.Name($"c{c}").DataType(Int64Type.Default));
                    break;
                case IEnumerable:
                    var list = new ListArray.Builder(DoubleType.Default);
                    var items = (DoubleArray.Builder)list.ValueBuilder;
                    foreach (var row in rows) { list.Append(); foreach (object item in (IEnumerable)row[c]!) items.Append(Convert.ToDouble(item)); }
                    arrays.Add(list.Build());
                    schema.Field(f => f.Name($"c{c}").DataType(new ListType(DoubleType.Default)));
                    break;
                default:
                    var number = new DoubleArray.Builder();
                    foreach (var row in rows) { if (row[c] is null) number.AppendNull(); else number.Append(Convert.ToDouble(row[c])); }
                    arrays.Add(number.Build());
                    schema.Field(f => f.Name($"c{c}").DataType(DoubleType.Default));
                    break;
            }
        }
        return new RecordBatch(schema.Build(), arrays, rows.Count);
    }
}
