using CcOrNet.Model.Training;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace CcOrNet.Pipeline.Scoring;

/// <summary>
/// The Polly pipeline around one batch's inference in the score job: it retries TorchSharp's transient Scalar failure
/// (<see cref="TorchScalarRace"/>), which inference meets like training does, and fails at once on anything else. A
/// batch's predictions are a pure function of the weights and the batch, so a retried batch gives exactly the rows of
/// a clean run.
/// </summary>
internal static class InferenceRetry
{
    public const int MaxRetryAttempts = 3;

    public static ResiliencePipeline Create(ILogger logger) => new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(TorchScalarRace.IsTransient),
            MaxRetryAttempts = MaxRetryAttempts,
            Delay = TimeSpan.Zero,
            OnRetry = retry =>
            {
                logger.LogWarning("Inference of a batch failed with TorchSharp's transient native error ({Error}); retry {Retry} of {MaxRetries}",
                    TorchScalarRace.FirstLine(retry.Outcome.Exception!), retry.AttemptNumber + 1, MaxRetryAttempts);
                return default;
            },
        })
        .Build();
}
