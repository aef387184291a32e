using CcOrNet.Core.Tasks;

namespace CcOrNet.Synthetic;

/// <summary>
/// The fixed calendar of a generated lake: three years of history, the default task at its end
/// (12 months observed, the last 6 months as horizon) and room for an out-of-time training snapshot
/// one horizon earlier with a full 12-month observation.
/// </summary>
public static class LakeCalendar
{
    /// <summary>First day with data (inclusive).</summary>
    public static DateOnly HistoryStart { get; } = new(2023, 1, 1);

    /// <summary>First day without data (exclusive end of the history).</summary>
    public static DateOnly HistoryEnd { get; } = new(2026, 1, 1);

    /// <summary>The default task: as of 2025-07-01, 365 days observed, 184-day horizon up to the history end.</summary>
    public static PredictionTask DefaultTask { get; } = new(new DateOnly(2025, 7, 1), 365, 184);

    /// <summary>The out-of-time training snapshot: the default task moved one horizon back.</summary>
    public static PredictionTask TrainingTask { get; } =
        new(DefaultTask.AsOf.AddDays(-DefaultTask.HorizonDays), DefaultTask.ObservationDays, DefaultTask.HorizonDays);

    public static int HistoryDays { get; } = HistoryEnd.DayNumber - HistoryStart.DayNumber;

    internal static DateTime HistoryStartUtc { get; } = HistoryStart.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
}
