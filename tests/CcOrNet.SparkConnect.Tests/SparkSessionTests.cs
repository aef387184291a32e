using Apache.Arrow;
using Apache.Arrow.Types;
using CcOrNet.SparkConnect.Protocol;
using CcOrNet.SparkConnect.Protocol.Rpc;
using CcOrNet.SparkConnect.Tests.Fakes;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace CcOrNet.SparkConnect.Tests;

public sealed class SparkSessionTests : IAsyncLifetime
{
    private FakeSparkServer _server = null!;
    private readonly ListLogger _log = new();

    public async Task InitializeAsync() => _server = await FakeSparkServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private SparkSession Open(string parameters = "", int maxRetries = 3) => SparkSession.Open(new SparkClientOptions
    {
        Connection = SparkConnectionString.Parse(_server.Remote(parameters)),
        MaxRetries = maxRetries,
        RetryDelay = TimeSpan.FromMilliseconds(10),
        MaxRetryDelay = TimeSpan.FromMilliseconds(50),
    }, _log);

    [Fact]
    public async Task ExecuteAsync_Statement_SendsSqlCommandWithSessionUserAndOperation()
    {
        await using var session = Open(";user_id=etl");

        await session.ExecuteAsync("CREATE TABLE t (x INT) USING parquet");
        await session.ExecuteAsync("DROP TABLE t");

        var requests = _server.Service.Executions.ToList();
        Assert.Equal(2, requests.Count);
        Assert.Equal("CREATE TABLE t (x INT) USING parquet", requests[0].Plan.Command.SqlCommand.Sql);
        Assert.Equal(Plan.OpTypeOneofCase.Command, requests[0].Plan.OpTypeCase);
        Assert.All(requests, r => Assert.Equal(session.SessionId.ToString("D"), r.SessionId));
        Assert.All(requests, r => Assert.Equal("etl", r.UserContext.UserId));
        Assert.All(requests, r => Assert.Equal("ccornet/dotnet", r.ClientType));
        Assert.All(requests, r => Assert.True(Guid.TryParseExact(r.OperationId, "D", out _)));
        Assert.NotEqual(requests[0].OperationId, requests[1].OperationId);
    }

    [Fact]
    public async Task QueryAsync_SeveralArrowBatches_DecodesTypesNullsAndOrder()
    {
        _server.Service.OnExecute = async (request, stream, _) =>
        {
            await stream.WriteAsync(Responses.Arrow(request, Batch([1, null], [0.5, null], ["a", null], [true, null], [[1.0, 2.0], null])));
            await stream.WriteAsync(Responses.Arrow(request, Batch([3], [-2.25], ["c"], [false], [[]])));
            await stream.WriteAsync(new ExecutePlanResponse { SessionId = request.SessionId, ResultComplete = new() });
        };
        await using var session = Open();

        var result = await session.QueryAsync("SELECT * FROM t");

        Assert.Equal(Plan.OpTypeOneofCase.Root, _server.Service.Executions.Single().Plan.OpTypeCase);
        Assert.Equal("SELECT * FROM t", _server.Service.Executions.Single().Plan.Root.Sql.Query);
        Assert.Equal(["id", "value", "name", "flag", "when", "list"], result.Columns.Select(c => c.Name));
        Assert.Equal(["int64", "double", "utf8", "bool", "timestamp", "list"], result.Columns.Select(c => c.ArrowType));
        Assert.Equal(3, result.Rows.Count);
        Assert.Equal([1L, null, 3L], result.Column("id"));
        Assert.Equal([0.5, null, -2.25], result.Column("value"));
        Assert.Equal(["a", null, "c"], result.Column("name"));
        Assert.Equal([true, null, false], result.Column("flag"));
        Assert.Equal(new DateTime(2024, 3, 1, 12, 30, 0, DateTimeKind.Utc), result.Rows[0][4]);
        Assert.Null(result.Rows[1][4]);
        Assert.Equal([1.0, 2.0], Assert.IsType<List<object?>>(result.Rows[0][5]).Cast<double>());
        Assert.Null(result.Rows[1][5]);
        Assert.Empty(Assert.IsType<List<object?>>(result.Rows[2][5]));
    }

    [Fact]
    public async Task SetConfigAsync_Pairs_SentAsConfigSetAndWarningsReturned()
    {
        await using var session = Open();

        var warnings = await session.SetConfigAsync(new Dictionary<string, string>
        {
            ["spark.sql.session.timeZone"] = "UTC",
            ["deprecated.setting"] = "1",
        });

        var request = _server.Service.Configs.Single();
        Assert.Equal(session.SessionId.ToString("D"), request.SessionId);
        Assert.Equal(["spark.sql.session.timeZone=UTC", "deprecated.setting=1"], request.Operation.Set.Pairs.Select(p => $"{p.Key}={p.Value}"));
        Assert.Equal(["deprecated.setting is deprecated"], warnings);
    }

    [Fact]
    public async Task QueryAsync_SparkError_BecomesSparkExceptionWithErrorClassAndSqlState()
    {
        _server.Service.OnExecute = (_, _, _) => throw SparkError(
            "[TABLE_OR_VIEW_NOT_FOUND] The table or view `missing` cannot be found.",
            "org.apache.spark.sql.AnalysisException", "TABLE_OR_VIEW_NOT_FOUND", "42P01");
        await using var session = Open();

        var error = await Assert.ThrowsAsync<SparkException>(() => session.QueryAsync("SELECT * FROM missing"));

        Assert.Equal(StatusCode.Internal, error.Status);
        Assert.Equal("TABLE_OR_VIEW_NOT_FOUND", error.ErrorClass);
        Assert.Equal("42P01", error.SqlState);
        Assert.Equal("org.apache.spark.sql.AnalysisException", error.ExceptionClass);
        Assert.Contains("AnalysisException", error.Message);
        Assert.Contains("The table or view `missing` cannot be found.", error.Message);
        Assert.Single(_server.Service.Executions); // not transient: no retry
    }

    [Fact]
    public async Task ExecuteAsync_TransientFailuresBeforeAnyResponse_RetriedWithNewOperationIds()
    {
        int calls = 0;
        _server.Service.OnExecute = (request, stream, _) =>
            Interlocked.Increment(ref calls) <= 2
                ? throw new RpcException(new Grpc.Core.Status(StatusCode.Unavailable, "driver restarting"))
                : stream.WriteAsync(Responses.CommandDone(request));
        await using var session = Open(maxRetries: 3);

        await session.ExecuteAsync("INSERT INTO t VALUES (1)");

        var requests = _server.Service.Executions.ToList();
        Assert.Equal(3, requests.Count);
        Assert.Equal(3, requests.Select(r => r.OperationId).Distinct().Count());
        Assert.Equal(2, _log.Lines.Count(l => l.Contains("failed with Unavailable; retry")));
    }

    [Fact]
    public async Task ExecuteAsync_TransientFailuresBeyondTheBound_GiveUpWithClearError()
    {
        _server.Service.OnExecute = (_, _, _) => throw new RpcException(new Grpc.Core.Status(StatusCode.Unavailable, "no driver"));
        await using var session = Open(maxRetries: 2);

        var error = await Assert.ThrowsAsync<SparkException>(() => session.ExecuteAsync("SELECT 1"));

        Assert.Equal(3, _server.Service.Executions.Count);
        Assert.Equal(StatusCode.Unavailable, error.Status);
        Assert.Contains("no driver", error.Message);
    }

    [Fact]
    public async Task ExecuteAsync_FailureAfterFirstResponse_NotRetried()
    {
        _server.Service.OnExecute = async (request, stream, _) =>
        {
            await stream.WriteAsync(Responses.CommandDone(request));
            throw new RpcException(new Grpc.Core.Status(StatusCode.Unavailable, "connection reset"));
        };
        await using var session = Open(maxRetries: 3);

        var error = await Assert.ThrowsAsync<SparkException>(() => session.ExecuteAsync("INSERT INTO t VALUES (1)"));

        Assert.Single(_server.Service.Executions);
        Assert.Equal(StatusCode.Unavailable, error.Status);
    }

    [Fact]
    public async Task QueryAsync_CancelledWhileRunning_InterruptsTheOperationOnTheServer()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _server.Service.OnExecute = async (_, _, context) =>
        {
            started.SetResult();
            await Task.Delay(Timeout.Infinite, context.CancellationToken);
        };
        await using var session = Open();
        using var cancel = new CancellationTokenSource();

        var query = session.QueryAsync("SELECT count(*) FROM huge", cancel.Token);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => query);
        var interrupt = await _server.Service.Interrupted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(InterruptRequest.Types.InterruptType.OperationId, interrupt.InterruptType);
        Assert.Equal(_server.Service.Executions.Single().OperationId, interrupt.OperationId);
        Assert.Equal(session.SessionId.ToString("D"), interrupt.SessionId);
    }

    [Fact]
    public async Task Calls_WithTokenAndHeaders_SendBearerTokenThatNeverReachesTheLog()
    {
        await using (var session = Open(";token=topsecret;use_ssl=false;x-team=growth"))
        {
            await session.SetConfigAsync(new Dictionary<string, string> { ["a"] = "b" });
            await session.ExecuteAsync("SELECT 1");
        }

        Assert.All(_server.Service.Headers, h => Assert.Equal("Bearer topsecret", h.GetValue("authorization")));
        Assert.All(_server.Service.Headers, h => Assert.Equal("growth", h.GetValue("x-team")));
        Assert.Contains("token=***", _log.Text);
        Assert.DoesNotContain("topsecret", _log.Text);
    }

    [Fact]
    public async Task DisposeAsync_ReleasesTheSession()
    {
        var session = Open();
        await session.ExecuteAsync("SELECT 1");

        await session.DisposeAsync();

        Assert.Equal(session.SessionId.ToString("D"), _server.Service.Releases.Single().SessionId);
    }

    [Fact]
    public async Task ExecuteAsync_NoServerListening_FailsAsUnavailableNamingTheEndpointAfterRetrying()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var session = SparkSession.Open(new SparkClientOptions
        {
            Connection = SparkConnectionString.Parse($"sc://127.0.0.1:{port}"),
            MaxRetries = 2,
            RetryDelay = TimeSpan.FromMilliseconds(10),
        }, _log);

        var error = await Assert.ThrowsAsync<SparkException>(() => session.ExecuteAsync("SELECT 1"));
        await session.DisposeAsync();

        Assert.Equal(StatusCode.Unavailable, error.Status);
        Assert.Contains($"execution at 127.0.0.1:{port} failed (Unavailable)", error.Message);
        Assert.Equal(2, _log.Lines.Count(l => l.Contains("failed with Unavailable; retry")));
    }

    private static RecordBatch Batch(long?[] ids, double?[] values, string?[] names, bool?[] flags, double[]?[] lists)
    {
        var id = new Int64Array.Builder();
        var value = new DoubleArray.Builder();
        var name = new StringArray.Builder();
        var flag = new BooleanArray.Builder();
        var when = new TimestampArray.Builder(new TimestampType(TimeUnit.Microsecond, "UTC"));
        var list = new ListArray.Builder(DoubleType.Default);
        var items = (DoubleArray.Builder)list.ValueBuilder;
        for (int i = 0; i < ids.Length; i++)
        {
            if (ids[i] is long x) id.Append(x); else id.AppendNull();
            if (values[i] is double v) value.Append(v); else value.AppendNull();
            if (names[i] is string s) name.Append(s); else name.AppendNull();
            if (flags[i] is bool f) flag.Append(f); else flag.AppendNull();
            if (ids[i] is null) when.AppendNull(); else when.Append(new DateTimeOffset(2024, 3, 1, 12, 30, 0, TimeSpan.Zero));
            if (lists[i] is { } l) { list.Append(); foreach (double d in l) items.Append(d); } else list.AppendNull();
        }
        var schema = new Schema.Builder()
            .Field(b => b.Name("id").DataType(Int64Type.Default))
            .Field(b => b.Name("value").DataType(DoubleType.Default))
            .Field(b => b.Name("name").DataType(StringType.Default))
            .Field(b => b.Name("flag").DataType(BooleanType.Default))
            .Field(b => b.Name("when").DataType(new TimestampType(TimeUnit.Microsecond, "UTC")))
            .Field(b => b.Name("list").DataType(new ListType(DoubleType.Default)))
            .Build();
        return new RecordBatch(schema, [id.Build(), value.Build(), name.Build(), flag.Build(), when.Build(), list.Build()], ids.Length);
    }

    // The error a Spark server sends: INTERNAL, the message, and an ErrorInfo in the status details trailer.
    private static RpcException SparkError(string message, string exceptionClass, string errorClass, string sqlState)
    {
        var info = new ErrorInfo { Reason = exceptionClass, Domain = "org.apache.spark" };
        info.Metadata["classes"] = $"[\"{exceptionClass}\"]";
        info.Metadata["errorClass"] = errorClass;
        info.Metadata["sqlState"] = sqlState;
        var status = new Protocol.Rpc.Status { Code = (int)StatusCode.Internal, Message = message };
        status.Details.Add(Any.Pack(info));
        var trailers = new Metadata { { "grpc-status-details-bin", status.ToByteArray() } };
        return new RpcException(new Grpc.Core.Status(StatusCode.Internal, message), trailers);
    }
}
