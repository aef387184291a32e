using CcOrNet.SparkConnect.Protocol;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;

namespace CcOrNet.SparkConnect;

/// <summary>
/// One remote Spark session over Spark Connect: SQL commands and queries, session config, and
/// interruption of the running execution when the caller cancels.
/// </summary>
/// <remarks>
/// Executions are not reattachable (the server streams each result once and frees it), so
/// ReleaseExecute is never needed. A call that fails with a transient status before any response
/// arrived is retried under a new operation id; after the first response it is not, since the
/// statement may already have run. Disposing releases the session on the server.
/// </remarks>
public sealed class SparkSession : IAsyncDisposable
{
    private static readonly TimeSpan CleanupTimeout = TimeSpan.FromSeconds(10);

    private readonly GrpcChannel _channel;
    private readonly SparkConnectService.SparkConnectServiceClient _client;
    private readonly SparkClientOptions _options;
    private readonly ResiliencePipeline _retry;
    private readonly ILogger _logger;
    private readonly CallCredentials? _credentials;
    private readonly Metadata _headers;
    private readonly string _endpoint;
    private volatile bool _reached;

    private SparkSession(SparkClientOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
        var connection = options.Connection;
        SessionId = connection.SessionId ?? Guid.NewGuid();
        UserContext = new UserContext { UserId = connection.UserId ?? Environment.UserName, UserName = connection.UserId ?? Environment.UserName };
        ClientType = connection.UserAgent ?? options.ClientType;
        _endpoint = $"{connection.Host}:{connection.Port}";
        _headers = [];
        foreach (var (name, value) in connection.Headers) _headers.Add(name, value);
        if (connection.Token is { } token)
            _credentials = CallCredentials.FromInterceptor((_, metadata) =>
            {
                metadata.Add("authorization", "Bearer " + token);
                return Task.CompletedTask;
            });
        _channel = GrpcChannel.ForAddress(connection.Address, new GrpcChannelOptions
        {
            Credentials = connection.UseSsl ? ChannelCredentials.SecureSsl : ChannelCredentials.Insecure,
            // A token without TLS is only allowed when use_ssl=false was asked for explicitly.
            UnsafeUseInsecureChannelCallCredentials = !connection.UseSsl && connection.Token is not null,
            MaxReceiveMessageSize = options.MaxReceiveMessageBytes,
        });
        _client = new SparkConnectService.SparkConnectServiceClient(_channel);
        _retry = SparkRetry.Pipeline(options, logger);
    }

    /// <summary>The session's UUID (from the connection string, or new).</summary>
    public Guid SessionId { get; }

    internal UserContext UserContext { get; }

    internal string ClientType { get; }

    /// <summary>Opens a session; nothing is sent until the first call.</summary>
    public static SparkSession Open(SparkClientOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Problems().ToList();
        if (problems.Count > 0) throw new ArgumentException("Spark client options are not valid: " + string.Join("; ", problems), nameof(options));
        logger ??= NullLogger.Instance;
        if (!options.Connection.UseSsl && options.Connection.Token is not null)
            logger.LogWarning("Spark Connect token is sent without TLS to {Connection} (use_ssl=false)", options.Connection);
        var session = new SparkSession(options, logger);
        logger.LogInformation("Spark Connect session {Session} to {Connection}", session.SessionId, options.Connection);
        return session;
    }

    /// <summary>Runs a SQL statement eagerly (DDL, INSERT, CREATE TABLE AS SELECT) and waits for it to finish.</summary>
    public async Task ExecuteAsync(string sql, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        await RunAsync(new Plan { Command = new Command { SqlCommand = new SqlCommand { Sql = sql } } }, sql, null, ct);
    }

    /// <summary>Runs a query and returns all its rows (meant for small results).</summary>
    public async Task<SparkResult> QueryAsync(string sql, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        var reader = new ArrowResultReader();
        await RunAsync(new Plan { Root = new Relation { Sql = new SQL { Query = sql } } }, sql, reader, ct);
        return reader.Result();
    }

    /// <summary>Sets session configuration (e.g. <c>spark.sql.session.timeZone</c>); returns the server's warnings.</summary>
    public async Task<IReadOnlyList<string>> SetConfigAsync(IReadOnlyDictionary<string, string> settings, CancellationToken ct = default)
    {
        var set = new ConfigRequest.Types.Set();
        set.Pairs.AddRange(settings.Select(s => new KeyValue { Key = s.Key, Value = s.Value }));
        var request = new ConfigRequest
        {
            SessionId = SessionId.ToString("D"),
            UserContext = UserContext,
            ClientType = ClientType,
            Operation = new ConfigRequest.Types.Operation { Set = set },
        };
        try
        {
            var response = await _retry.ExecuteAsync(async token => await _client.ConfigAsync(request, CallOptions(token)), ct);
            _reached = true;
            foreach (string warning in response.Warnings) _logger.LogWarning("Spark config: {Warning}", warning);
            return response.Warnings;
        }
        catch (RpcException error) when (!ct.IsCancellationRequested)
        {
            throw SparkErrors.From(error, $"config at {_endpoint}");
        }
    }

    private async Task RunAsync(Plan plan, string sql, ArrowResultReader? reader, CancellationToken ct)
    {
        try
        {
            await _retry.ExecuteAsync(async token =>
            {
                string operationId = Guid.NewGuid().ToString("D");
                _logger.LogDebug("Spark Connect operation {Operation}: {Sql}", operationId, Shorten(sql));
                var request = new ExecutePlanRequest
                {
                    SessionId = SessionId.ToString("D"),
                    UserContext = UserContext,
                    ClientType = ClientType,
                    OperationId = operationId,
                    Plan = plan,
                };
                bool answered = false;
                try
                {
                    using var call = _client.ExecutePlan(request, CallOptions(token));
                    await foreach (var response in call.ResponseStream.ReadAllAsync(token))
                    {
                        answered = _reached = true;
                        if (response.ResponseTypeCase == ExecutePlanResponse.ResponseTypeOneofCase.ArrowBatch)
                            reader?.Add(response.ArrowBatch.Data, response.ArrowBatch.RowCount);
                    }
                }
                catch (Exception error) when (token.IsCancellationRequested && error is RpcException or OperationCanceledException)
                {
                    await InterruptAsync(operationId);
                    throw new OperationCanceledException("Spark Connect execution was cancelled and interrupted on the server", error, token);
                }
                catch (RpcException error) when (answered)
                {
                    // The statement may have run in part: never retry it, report it.
                    throw SparkErrors.From(error, $"execution at {_endpoint}");
                }
            }, ct);
        }
        catch (RpcException error)
        {
            throw SparkErrors.From(error, $"execution at {_endpoint}");
        }
    }

    // Best effort: the caller is already cancelling, so a failure here is logged, not thrown.
    private async Task InterruptAsync(string operationId)
    {
        using var timeout = new CancellationTokenSource(CleanupTimeout);
        try
        {
            var response = await _client.InterruptAsync(new InterruptRequest
            {
                SessionId = SessionId.ToString("D"),
                UserContext = UserContext,
                ClientType = ClientType,
                InterruptType = InterruptRequest.Types.InterruptType.OperationId,
                OperationId = operationId,
            }, CallOptions(timeout.Token));
            _logger.LogInformation("Spark Connect operation {Operation} interrupted ({Count} execution(s) stopped)", operationId, response.InterruptedIds.Count);
        }
        catch (Exception error) when (error is RpcException or OperationCanceledException)
        {
            _logger.LogWarning("Spark Connect operation {Operation} could not be interrupted: {Error}", operationId, error.Message);
        }
    }

    private CallOptions CallOptions(CancellationToken ct) => new(headers: _headers, cancellationToken: ct, credentials: _credentials);

    private static string Shorten(string sql) => sql.Length <= 300 ? sql : sql[..300] + "...";

    /// <summary>Releases the session on the server (best effort; Spark 3.5 has no such call) and closes the channel.</summary>
    public async ValueTask DisposeAsync()
    {
        // A server never reached has no session to release (and waiting for it would delay the error).
        if (!_reached)
        {
            _channel.Dispose();
            return;
        }
        using var timeout = new CancellationTokenSource(CleanupTimeout);
        try
        {
            await _client.ReleaseSessionAsync(new ReleaseSessionRequest
            {
                SessionId = SessionId.ToString("D"),
                UserContext = UserContext,
                ClientType = ClientType,
            }, CallOptions(timeout.Token));
        }
        catch (RpcException error)
        {
            _logger.LogDebug("Spark Connect session {Session} not released: {Status}", SessionId, error.StatusCode);
        }
        _channel.Dispose();
    }
}
