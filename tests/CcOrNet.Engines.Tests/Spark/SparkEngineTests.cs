using Apache.Arrow;
using Apache.Arrow.Types;
using CcOrNet.Core.Features;
using CcOrNet.Engines.Spark;
using CcOrNet.Engines.Sql;
using CcOrNet.SparkConnect.Protocol;
using CcOrNet.SparkConnect.Tests.Fakes;

namespace CcOrNet.Engines.Tests.Spark;

/// <summary>The Spark engine against the in-process fake Spark Connect service: what it sends, how it reads answers.</summary>
public sealed class SparkEngineTests : IAsyncLifetime
{
    private FakeSparkServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeSparkServer.StartAsync();
        _server.Service.OnExecute = (request, stream, _) => request.Plan.OpTypeCase == Plan.OpTypeOneofCase.Root
            ? stream.WriteAsync(Responses.Arrow(request, Answer(request.Plan.Root.Sql.Query)))
            : stream.WriteAsync(Responses.CommandDone(request));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Task<IEngine> OpenAsync() =>
        EngineFactory.OpenAsync(new EngineSettings { Kind = EngineKind.Spark, SparkRemote = _server.Remote(";user_id=etl") });

    [Fact]
    public async Task OpenAsync_SparkKind_SetsUtcSessionAndReadsTheVersion()
    {
        await using var engine = await OpenAsync();

        Assert.IsType<SparkEngine>(engine);
        Assert.Equal($"spark 3.5.1 at 127.0.0.1:{_server.Port}", engine.Description);
        var config = _server.Service.Configs.Single().Operation.Set.Pairs.ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal("UTC", config["spark.sql.session.timeZone"]);
        Assert.Equal("etl", _server.Service.Configs.Single().UserContext.UserId);
    }

    [Fact]
    public async Task ExecuteAsync_WriteScript_SendsEachStatementAsOneSqlCommandInOrder()
    {
        await using var engine = await OpenAsync();
        string script = engine.Dialect.CopyToPartitionedParquet("SELECT 1 AS `s`", "/lake/p", "s");

        await engine.ExecuteAsync(script);

        var commands = _server.Service.Executions.Where(e => e.Plan.OpTypeCase == Plan.OpTypeOneofCase.Command)
            .Select(e => e.Plan.Command.SqlCommand.Sql).ToList();
        Assert.Equal(SqlScript.Split(script), commands);
        Assert.Equal(3, commands.Count);
        Assert.Single(_server.Service.Executions.Select(e => e.SessionId).Distinct());
    }

    [Fact]
    public async Task DescribeAsync_DescribeQueryRows_BecomeColumnsUpToPartitionInformation()
    {
        await using var engine = await OpenAsync();

        var columns = await engine.DescribeAsync("`raw`");

        Assert.Equal("DESCRIBE QUERY SELECT * FROM `raw`", _server.Service.Executions.Last().Plan.Root.Sql.Query);
        Assert.Equal(
            [new ColumnInfo("user_id", "bigint", ColumnKind.Integer), new ColumnInfo("event_time", "timestamp", ColumnKind.Timestamp),
             new ColumnInfo("amount", "decimal(10,2)", ColumnKind.Real)],
            columns);
    }

    [Fact]
    public async Task RegisterSourceAsync_Csv_CreatesTemporaryCsvView()
    {
        await using var engine = await OpenAsync();

        await engine.RegisterSourceAsync(FeatureSql.EventsRaw, new TableSource("hdfs:///lake/events.csv"));

        Assert.Equal("CREATE OR REPLACE TEMPORARY VIEW `ccornet_events_raw` USING csv OPTIONS (path 'hdfs:///lake/events.csv', header 'true', inferSchema 'true')",
            _server.Service.Executions.Last().Plan.Command.SqlCommand.Sql);
    }

    [Fact]
    public async Task RegisterPartitionAsync_NewPartition_CreatesTableAndAddsThePartition()
    {
        await using var engine = (SparkEngine)await OpenAsync();

        await engine.RegisterPartitionAsync("predictions", "/lake/predictions", "dt", "2024-02-01");

        var commands = _server.Service.Executions.Where(e => e.Plan.OpTypeCase == Plan.OpTypeOneofCase.Command).Select(e => e.Plan.Command.SqlCommand.Sql);
        Assert.Equal(
        [
            "CREATE TABLE IF NOT EXISTS `predictions` USING parquet PARTITIONED BY (`dt`) LOCATION '/lake/predictions'",
            "ALTER TABLE `predictions` ADD IF NOT EXISTS PARTITION (`dt` = '2024-02-01') LOCATION '/lake/predictions/dt=2024-02-01'",
        ], commands);
    }

    [Fact]
    public async Task OpenAsync_NoRemote_FailsBeforeConnecting()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => EngineFactory.OpenAsync(new EngineSettings { Kind = EngineKind.Spark, Threads = 2 }));

        Assert.Contains("needs a Spark Connect address", error.Message);
        Assert.Contains("threads applies to DuckDB only", error.Message);
        Assert.Empty(_server.Service.Executions);
    }

    // What a Spark server would answer to the queries these tests send.
    private static RecordBatch Answer(string query) => query switch
    {
        "SELECT version()" => Strings(["version()"], ["3.5.1 fd86f85e181fc2dc0f50a096855acf83a6cc5d9c"]),
        _ when query.StartsWith("DESCRIBE QUERY", StringComparison.Ordinal) => Strings(
            ["col_name", "data_type", "comment"],
            ["user_id", "bigint", null], ["event_time", "timestamp", null], ["amount", "decimal(10,2)", null],
            ["# Partition Information", "", ""], ["dt", "string", null]),
        _ => throw new InvalidOperationException($"The fake has no answer to '{query}'"),
    };

    private static RecordBatch Strings(string[] names, params string?[][] rows)
    {
        var schema = new Schema.Builder();
        foreach (string name in names) schema.Field(f => f.Name(name).DataType(StringType.Default));
        var arrays = names.Select((_, c) =>
        {
            var builder = new StringArray.Builder();
            foreach (var row in rows) { if (row[c] is null) builder.AppendNull(); else builder.Append(row[c]); }
            return (IArrowArray)builder.Build();
        }).ToList();
        return new RecordBatch(schema.Build(), arrays, rows.Length);
    }
}
