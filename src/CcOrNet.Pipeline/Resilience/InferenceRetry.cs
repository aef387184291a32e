using CcOrNet.Model.Runtime;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace CcOrNet.Pipeline.Resilience;

/// <summary>
/// The Polly pipeline around Torch inference that can be run again from the same inputs: one batch of the score job,
/// and the value calibration and validation metrics that end <c>ccornet train</c>. It retries TorchSharp's transient
/// Scalar failure (<see cref="TorchScalarRace"/>), which inference meets like training does, and fails at once on
/// anything else. The retried work is a pure function of the weights and the data (the calibration sets the model's
/// scales only after its whole pass), so a retry gives exactly the result of a clean run.
/// </summary>
internal static class InferenceRetry
{
    public const int MaxRetryAttempts = 3;

    /// <param name="logger">Where each retry is logged.</param>
    /// <param name="work">What is retried, for the log, e.g. "Inference of a batch".</param>
    /// <param name="collectBeforeRetry">
    /// Run <see cref="TorchScalarRace.PrepareRetry"/> before each retry, so the rerun's collections fall elsewhere. Only where no
    /// other thread runs Torch work: a forced collection could finalize another thread's Scalar mid-call.
    /// </param>
    public static ResiliencePipeline Create(ILogger logger, string work = "Inference of a batch", bool collectBeforeRetry = false) => new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(TorchScalarRace.IsTransient),
            MaxRetryAttempts = MaxRetryAttempts,
            Delay = TimeSpan.Zero,
            OnRetry = retry =>
            {
                logger.LogWarning("{Work} failed with TorchSharp's transient native error ({Error}); retry {Retry} of {MaxRetries}",
                    work, TorchScalarRace.Describe(retry.Outcome.Exception!), retry.AttemptNumber + 1, MaxRetryAttempts);
                if (collectBeforeRetry) TorchScalarRace.PrepareRetry();
                return default;
            },
        })
        .Build();
}
