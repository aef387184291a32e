using System.Text.Json.Serialization;
using CcOrNet.Core.Schema;

namespace CcOrNet.Core.Features;

/// <summary>Where the users table's columns are, and how to parse it.</summary>
public sealed record UserColumns
{
    [JsonPropertyName("user_id")] public string UserId { get; init; } = LakeColumns.Users.UserId;

    /// <summary>Sign-up timestamp; null = every user in the table is known at any cutoff.</summary>
    [JsonPropertyName("signup_time")] public string? SignupTime { get; init; } = LakeColumns.Users.SignupTime;

    [JsonPropertyName("time_format")] public string? TimeFormat { get; init; }

    /// <summary>Static categorical attributes, copied as categorical features.</summary>
    [JsonPropertyName("categorical")] public IReadOnlyList<string> Categorical { get; init; } =
        [LakeColumns.Users.Country, LakeColumns.Users.Platform, LakeColumns.Users.AcquisitionChannel];

    /// <summary>Static numeric attributes, copied as numeric features (null -> 0 plus a <c>_missing</c> flag).</summary>
    [JsonPropertyName("numeric")] public IReadOnlyList<string> Numeric { get; init; } = [LakeColumns.Users.Age];

    [JsonPropertyName("format")] public InputFormat Format { get; init; } = InputFormat.Auto;

    [JsonPropertyName("delimiter")] public string? Delimiter { get; init; }
}
