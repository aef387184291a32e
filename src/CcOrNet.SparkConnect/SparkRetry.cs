using Grpc.Core;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace CcOrNet.SparkConnect;

/// <summary>The retry pipeline around Spark Connect calls: transient gRPC statuses only, bounded, logged.</summary>
internal static class SparkRetry
{
    /// <summary>Statuses worth another try: the server is restarting or busy, or a connection dropped.</summary>
    public static bool IsTransient(StatusCode status) =>
        status is StatusCode.Unavailable or StatusCode.ResourceExhausted or StatusCode.DeadlineExceeded;

    public static ResiliencePipeline Pipeline(SparkClientOptions options, ILogger logger) =>
        options.MaxRetries == 0
            ? ResiliencePipeline.Empty
            : new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<RpcException>(e => IsTransient(e.StatusCode)),
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.RetryDelay,
                MaxDelay = options.MaxRetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                OnRetry = args =>
                {
                    var status = (args.Outcome.Exception as RpcException)?.StatusCode;
                    logger.LogWarning("Spark Connect call failed with {Status}; retry {Attempt} of {Max} in {Delay:F1}s",
                        status, args.AttemptNumber + 1, options.MaxRetries, args.RetryDelay.TotalSeconds);
                    return default;
                },
            }).Build();
}
