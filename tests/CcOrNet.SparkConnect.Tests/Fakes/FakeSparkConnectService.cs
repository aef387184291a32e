using System.Collections.Concurrent;
using CcOrNet.SparkConnect.Protocol;
using Grpc.Core;

namespace CcOrNet.SparkConnect.Tests.Fakes;

/// <summary>
/// An in-process Spark Connect service: records every request and the headers it came with, and
/// answers ExecutePlan with whatever the test's <see cref="OnExecute"/> does.
/// </summary>
internal sealed class FakeSparkConnectService : SparkConnectService.SparkConnectServiceBase
{
    public ConcurrentQueue<ExecutePlanRequest> Executions { get; } = new();
    public ConcurrentQueue<ConfigRequest> Configs { get; } = new();
    public ConcurrentQueue<InterruptRequest> Interrupts { get; } = new();
    public ConcurrentQueue<ReleaseSessionRequest> Releases { get; } = new();
    public ConcurrentQueue<Metadata> Headers { get; } = new();

    /// <summary>Answers one ExecutePlan call; the default sends one empty SQL command result.</summary>
    public Func<ExecutePlanRequest, IServerStreamWriter<ExecutePlanResponse>, ServerCallContext, Task> OnExecute { get; set; } =
        (request, stream, _) => stream.WriteAsync(Responses.CommandDone(request));

    /// <summary>Raised when an Interrupt arrives (after it is recorded).</summary>
    public TaskCompletionSource<InterruptRequest> Interrupted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override async Task ExecutePlan(ExecutePlanRequest request, IServerStreamWriter<ExecutePlanResponse> responseStream, ServerCallContext context)
    {
        Executions.Enqueue(request);
        Headers.Enqueue(context.RequestHeaders);
        await OnExecute(request, responseStream, context);
    }

    public override Task<ConfigResponse> Config(ConfigRequest request, ServerCallContext context)
    {
        Configs.Enqueue(request);
        Headers.Enqueue(context.RequestHeaders);
        var response = new ConfigResponse { SessionId = request.SessionId };
        response.Warnings.AddRange(request.Operation.Set.Pairs.Where(p => p.Key.StartsWith("deprecated.")).Select(p => $"{p.Key} is deprecated"));
        return Task.FromResult(response);
    }

    public override Task<InterruptResponse> Interrupt(InterruptRequest request, ServerCallContext context)
    {
        Interrupts.Enqueue(request);
        var response = new InterruptResponse { SessionId = request.SessionId };
        response.InterruptedIds.Add(request.OperationId);
        Interrupted.TrySetResult(request);
        return Task.FromResult(response);
    }

    public override Task<ReleaseSessionResponse> ReleaseSession(ReleaseSessionRequest request, ServerCallContext context)
    {
        Releases.Enqueue(request);
        return Task.FromResult(new ReleaseSessionResponse { SessionId = request.SessionId });
    }
}
