using System.Text.Json.Serialization;
using CcOrNet.Core.Schema;

namespace CcOrNet.Core.Features;

/// <summary>Where the events table's columns are, and how to parse it.</summary>
public sealed record EventColumns
{
    [JsonPropertyName("user_id")] public string UserId { get; init; } = LakeColumns.Events.UserId;
    [JsonPropertyName("event_time")] public string EventTime { get; init; } = LakeColumns.Events.EventTime;
    [JsonPropertyName("amount")] public string Amount { get; init; } = LakeColumns.Events.Amount;

    /// <summary>strptime format when event times are text or integers (e.g. <c>%Y%m%d</c>); null = native timestamps or ISO text.</summary>
    [JsonPropertyName("time_format")] public string? TimeFormat { get; init; }

    /// <summary>Categorical attributes of an event; each gives spend-share features.</summary>
    [JsonPropertyName("attributes")] public IReadOnlyList<string> Attributes { get; init; } =
        [LakeColumns.Events.Category, LakeColumns.Events.Channel];

    [JsonPropertyName("format")] public InputFormat Format { get; init; } = InputFormat.Auto;

    /// <summary>CSV delimiter; null = sniffed.</summary>
    [JsonPropertyName("delimiter")] public string? Delimiter { get; init; }
}
