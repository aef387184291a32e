using CcOrNet.Pipeline.Features;
using Microsoft.Extensions.Logging.Abstractions;

namespace CcOrNet.Pipeline.Tests.Features;

/// <summary>
/// A hand-built events table small enough to compute every feature by hand. Cutoff T = 2024-03-01,
/// 28-day observation window [2024-02-02, T), 14-day horizon [T, 2024-03-15), 7-day sequence.
/// </summary>
internal static class TinyLake
{
    public static readonly DateOnly AsOf = new(2024, 3, 1);
    public const string Header = "user_id,event_time,amount,category,channel";

    public static readonly string[] Events =
    [
        "1,2024-02-10 10:00:00,30.0,books,app",
        "1,2024-02-28 12:00:00,20.0,music,web",
        "1,2024-02-28 13:00:00,-5.0,music,web",
        "1,2024-03-02 09:00:00,10.0,books,app",   // horizon
        "1,2024-03-10 09:00:00,5.0,books,app",    // horizon
        "1,2024-03-15 00:00:00,100.0,books,app",  // at T + H: outside the label
        "2,2024-01-05 08:00:00,50.0,books,store", // before the window: lifetime only
        "2,2024-03-05 08:00:00,-20.0,books,store",// horizon return: label floored at 0
        "3,2024-03-03 08:00:00,40.0,books,app",   // only after T: unknown without a users table
        "99,2024-02-29 00:00:00,0.0,,web",        // session
        "99,2024-03-14 23:00:00,1.0,books,app",   // data reaches the horizon's last day
    ];

    public const string UsersHeader = "user_id,signup_time,country,platform,acquisition_channel,age";

    public static readonly string[] Users =
    [
        "1,2024-01-01 00:00:00,DE,ios,organic,30",
        "3,2024-02-01 00:00:00,US,android,social,25",
        "4,2024-02-20 00:00:00,FR,web,paid_search,",  // quiet: no event at all
        "5,2024-03-05 00:00:00,US,ios,organic,40",    // signs up after T: not known
    ];

    public static FeaturesOptions Options(TempFolder temp, string eventsPath) => new()
    {
        EventsPath = eventsPath,
        AsOf = AsOf,
        ObservationDays = 28,
        HorizonDays = 14,
        SequenceDays = 7,
        Shards = 2,
        OutputDirectory = temp.File("features"),
    };

    public static Task<FeaturesResult> RunAsync(FeaturesOptions options) =>
        FeaturesJob.RunAsync(options, null, NullLogger.Instance, CancellationToken.None);
}
