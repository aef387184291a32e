using CcOrNet.Core.Tasks;
using Parquet;
using Parquet.Schema;

namespace CcOrNet.Synthetic.Tests;

public sealed class LabelShapeTests
{
    // Cutoff T = 2024-03-01, observation [2023-11-02, T), horizon [T, 2024-03-11), quiet window [2023-12-02, T).
    private static readonly PredictionTask Task = new(new DateOnly(2024, 3, 1), observationDays: 120, horizonDays: 10);

    private static readonly DataField<long> UserId = new("user_id", false);
    private static readonly DateTimeDataField EventTime = new("event_time", DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: false);
    private static readonly DataField<string> EventType = new("event_type", false);
    private static readonly DataField<double> Amount = new("amount", false);
    private static readonly DateTimeDataField SignupTime = new("signup_time", DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: false);

    private static DateTime At(int year, int month, int day, int hour = 12, int minute = 0, int second = 0) =>
        new(year, month, day, hour, minute, second, DateTimeKind.Utc);

    /// <summary>
    /// Hand-worked lake. Known before T: users 1, 2, 5, 6 (signed up before T) and 4 (event before T, no users row);
    /// user 3 signs up after T with no earlier event and is not known. Labels by id 1,2,4,5,6:
    /// 1: -10 + 200 = 190 (the 999 at the horizon end is outside); 2: 30 - 50 floored to 0; 4: 10; 5: 0; 6: 5.
    /// Past spend in the observation window: user 1 has 40 (the 100 is before the window start), others 0.
    /// User 1 only had a session in the 90 quiet days, so the single whale (ceil(1% of 5) = 1) is quiet.
    /// </summary>
    private static async Task WriteLakeAsync(string lake)
    {
        Directory.CreateDirectory(Path.Combine(lake, "users"));
        Directory.CreateDirectory(Path.Combine(lake, "events"));
        await WriteAsync(Path.Combine(lake, "users", "part-00000.parquet"), new ParquetSchema(UserId, SignupTime), async group =>
        {
            await group.WriteAsync<long>(UserId, new long[] { 1, 2, 3, 5, 6 });
            await group.WriteAsync<DateTime>(SignupTime, new[] { At(2023, 9, 1), At(2024, 2, 20), At(2024, 3, 5), At(2023, 6, 1), At(2024, 2, 29, 23, 59, 59) });
        });
        (long Id, DateTime Time, string Type, double Amount)[] rows =
        [
            (1, At(2023, 10, 1), "purchase", 100),
            (1, At(2023, 11, 15), "purchase", 40),
            (1, At(2024, 2, 20), "session", 0),
            (1, At(2024, 3, 2), "return", -10),
            (1, At(2024, 3, 5), "purchase", 200),
            (1, At(2024, 3, 11, 0), "purchase", 999),
            (2, At(2024, 3, 1, 0), "purchase", 30),
            (2, At(2024, 3, 3), "return", -50),
            (3, At(2024, 3, 6), "purchase", 50),
            (4, At(2024, 2, 25), "session", 0),
            (4, At(2024, 3, 8), "purchase", 10),
            (6, At(2024, 3, 10, 23), "purchase", 5),
        ];
        // Two files, the second holding user 6, to check that every file is read.
        await WriteEventsAsync(Path.Combine(lake, "events", "part-00000.parquet"), rows[..^1]);
        await WriteEventsAsync(Path.Combine(lake, "events", "part-00001.parquet"), rows[^1..]);
    }

    private static Task WriteEventsAsync(string path, (long Id, DateTime Time, string Type, double Amount)[] rows) =>
        WriteAsync(path, new ParquetSchema(UserId, EventTime, EventType, Amount), async group =>
        {
            await group.WriteAsync<long>(UserId, rows.Select(r => r.Id).ToArray());
            await group.WriteAsync<DateTime>(EventTime, rows.Select(r => r.Time).ToArray());
            await group.WriteAsync(EventType, rows.Select(r => r.Type).ToArray());
            await group.WriteAsync<double>(Amount, rows.Select(r => r.Amount).ToArray());
        });

    private static async Task WriteAsync(string path, ParquetSchema schema, Func<ParquetRowGroupWriter, Task> write)
    {
        await using var stream = File.Create(path);
        await using ParquetWriter writer = await ParquetWriter.CreateAsync(schema, stream);
        using ParquetRowGroupWriter group = writer.CreateRowGroup();
        await write(group);
    }

    [Fact]
    public async Task Compute_HandBuiltLake_MatchesHandWorkedValues()
    {
        using var temp = new TempFolder();
        await WriteLakeAsync(temp.Path);

        LabelShapeReport report = LabelShape.Compute(temp.Path, Task);

        Assert.Equal(5, report.Users);
        Assert.Equal(12, report.EventRows);
        Assert.Equal(2 / 5.0, report.ZeroShare, 12);
        Assert.Equal(205, report.TotalLabel, 9);
        Assert.Equal(41, report.MeanLabel, 9);
        Assert.Equal(190 / 205.0, report.Top1PercentShare, 12);
        Assert.Equal(190 / 205.0, report.Top10PercentShare, 12); // ceil(10% of 5) = 1 user as well
        // Ascending labels 0, 0, 5, 10, 190: sum (2i - n - 1) x_i = 2*10 + 4*190 = 780, over n * sum = 5 * 205.
        Assert.Equal(780 / 1025.0, report.Gini, 12);
        Assert.Equal((1L, 1L), (report.Whales, report.QuietWhales));
        Assert.Equal(1.0, report.QuietWhaleShare);
        // Ranks: past (40, 0, 0, 0, 0) -> (5, 2.5, 2.5, 2.5, 2.5); labels (190, 0, 10, 0, 5) -> (5, 1.5, 4, 1.5, 3);
        // covariance sum 5, variance sums 5 and 9.5.
        Assert.Equal(5 / Math.Sqrt(5 * 9.5), report.PastSpendSpearman, 12);
    }

    [Fact]
    public async Task Compute_WhaleWithARecentPurchase_IsNotQuiet()
    {
        using var temp = new TempFolder();
        await WriteLakeAsync(temp.Path);
        await WriteEventsAsync(Path.Combine(temp.Path, "events", "part-00002.parquet"), [(1, At(2024, 2, 1), "purchase", 1)]);

        LabelShapeReport report = LabelShape.Compute(temp.Path, Task);

        Assert.Equal((1L, 0L), (report.Whales, report.QuietWhales));
    }

    [Fact]
    public async Task Compute_EventsWithoutAmount_ThrowsNamingFileAndColumn()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.Combine("events"));
        string file = temp.Combine("events/part-00000.parquet");
        await WriteAsync(file, new ParquetSchema(UserId, EventTime, EventType), async group =>
        {
            await group.WriteAsync<long>(UserId, new long[] { 1 });
            await group.WriteAsync<DateTime>(EventTime, new[] { At(2024, 1, 1) });
            await group.WriteAsync(EventType, new[] { "purchase" });
        });

        var error = Assert.Throws<InvalidDataException>(() => LabelShape.Compute(temp.Path, Task));

        Assert.Contains("'amount' is missing", error.Message);
        Assert.Contains(file, error.Message);
    }

    [Fact]
    public void Compute_FolderWithoutEvents_ThrowsFileNotFound()
    {
        using var temp = new TempFolder();

        var error = Assert.Throws<FileNotFoundException>(() => LabelShape.Compute(temp.Path, Task));

        Assert.Contains("events", error.Message);
    }
}
