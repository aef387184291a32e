using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace CcOrNet.Lake.Retries;

/// <summary>The Polly pipeline wrapped around lake I/O: retries transient failures, logs every retry, never retries cancellation.</summary>
public static class LakeRetry
{
    /// <summary>Builds the pipeline; each retry is logged as a warning naming the operation, the attempt and the error.</summary>
    public static ResiliencePipeline Create(LakeRetryOptions options, ILogger logger)
    {
        var problems = options.Problems().ToList();
        if (problems.Count > 0) throw new ArgumentException("Lake retry options are not valid: " + string.Join("; ", problems));
        if (options.MaxRetryAttempts == 0) return ResiliencePipeline.Empty;
        return new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
                MaxRetryAttempts = options.MaxRetryAttempts,
                Delay = options.BaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = false,
                OnRetry = retry =>
                {
                    logger.LogWarning("Lake I/O '{Operation}' failed ({Error}); retry {Retry} of {MaxRetries} in {Delay} ms",
                        retry.Context.OperationKey, retry.Outcome.Exception?.Message, retry.AttemptNumber + 1, options.MaxRetryAttempts,
                        retry.RetryDelay.TotalMilliseconds);
                    return default;
                },
            })
            .Build();
    }

    /// <summary>
    /// I/O errors that may pass when tried again (a flaky network share, a busy file). Missing paths, a full disk,
    /// denied access and bad data are permanent: retrying them only delays the failure.
    /// </summary>
    public static bool IsTransient(Exception error) => error switch
    {
        FileNotFoundException or DirectoryNotFoundException or PathTooLongException or EndOfStreamException => false,
        IOException io => !IsDiskFull(io),
        TimeoutException => true,
        _ => false,
    };

    /// <summary>Runs <paramref name="operation"/> through <paramref name="pipeline"/> with <paramref name="name"/> as the operation key in the logs.</summary>
    public static async ValueTask RunAsync(this ResiliencePipeline pipeline, string name, Func<CancellationToken, ValueTask> operation, CancellationToken ct)
    {
        var context = ResilienceContextPool.Shared.Get(name, ct);
        try
        {
            await pipeline.ExecuteAsync(static (context, operation) => operation(context.CancellationToken), context, operation);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>Synchronous form of <see cref="RunAsync"/> for renames and deletes.</summary>
    public static void Run(this ResiliencePipeline pipeline, string name, Action operation, CancellationToken ct = default)
    {
        var context = ResilienceContextPool.Shared.Get(name, ct);
        try
        {
            pipeline.Execute(static (_, operation) => operation(), context, operation);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    // ENOSPC / EDQUOT on Unix (the errno is the HResult), ERROR_DISK_FULL / ERROR_HANDLE_DISK_FULL on Windows.
    private static bool IsDiskFull(IOException error) =>
        OperatingSystem.IsWindows() ? (error.HResult & 0xFFFF) is 0x70 or 0x27 : error.HResult is 28 or 122;
}
