namespace CcOrNet.Lake.Retries;

/// <summary>How lake I/O retries transient failures: bounded attempts, exponential backoff; defaults in one place.</summary>
public sealed record LakeRetryOptions
{
    /// <summary>Retries after the first attempt (0 = no retry).</summary>
    public int MaxRetryAttempts { get; init; } = 3;

    /// <summary>Wait before the first retry; doubles with each further one (0.5 s, 1 s, 2 s by default).</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Every broken rule, empty when the options are usable.</summary>
    public IEnumerable<string> Problems()
    {
        if (MaxRetryAttempts is < 0 or > 20) yield return $"retry attempts must be in [0, 20], got {MaxRetryAttempts}";
        if (BaseDelay < TimeSpan.Zero || BaseDelay > TimeSpan.FromMinutes(5)) yield return $"retry delay must be in [0, 5 min], got {BaseDelay}";
    }
}
