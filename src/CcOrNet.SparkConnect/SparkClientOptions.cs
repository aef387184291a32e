namespace CcOrNet.SparkConnect;

/// <summary>How a <see cref="SparkSession"/> connects and retries.</summary>
public sealed record SparkClientOptions
{
    /// <summary>The endpoint, e.g. <c>sc://spark-driver:15002/;token=...</c>.</summary>
    public required SparkConnectionString Connection { get; init; }

    /// <summary>Retries of a call that failed with a transient status before any response arrived.</summary>
    public int MaxRetries { get; init; } = 4;

    /// <summary>First retry delay; it doubles (with jitter) on each further retry.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Cap on one retry delay.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Sent as <c>client_type</c> (for the server's logs and UI).</summary>
    public string ClientType { get; init; } = "ccornet/dotnet";

    /// <summary>Largest response message accepted (Arrow batches are up to a few MB by default).</summary>
    public int MaxReceiveMessageBytes { get; init; } = 128 * 1024 * 1024;

    /// <summary>Every broken rule, empty when the options are usable.</summary>
    public IEnumerable<string> Problems()
    {
        if (MaxRetries is < 0 or > 20) yield return $"max retries must be 0..20, got {MaxRetries}";
        if (RetryDelay <= TimeSpan.Zero) yield return $"retry delay must be positive, got {RetryDelay}";
        if (MaxRetryDelay < RetryDelay) yield return $"max retry delay ({MaxRetryDelay}) must be at least the retry delay ({RetryDelay})";
        if (string.IsNullOrWhiteSpace(ClientType)) yield return "client type must not be blank";
        if (MaxReceiveMessageBytes < 1024 * 1024) yield return $"max receive message bytes must be at least 1 MiB, got {MaxReceiveMessageBytes}";
    }
}
