using CcOrNet.Core.Features;
using CcOrNet.Engines;
using CcOrNet.Engines.DuckDb;
using CcOrNet.Pipeline.Features;

namespace CcOrNet.Pipeline.Tests.Features;

/// <summary>Every bad input fails with a clear message and leaves no output behind.</summary>
[Collection("DuckDB")]
public sealed class FeaturesJobBadInputTests
{
    private static async Task AssertRejectedAsync<TException>(TempFolder temp, FeaturesOptions options, params string[] messageParts)
        where TException : Exception
    {
        var error = await Assert.ThrowsAnyAsync<TException>(() => TinyLake.RunAsync(options));
        foreach (string part in messageParts) Assert.Contains(part, error.Message);
        Assert.False(Directory.Exists(options.OutputDirectory), "no output folder after a failure");
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(temp.Path), e => Path.GetFileName(e).StartsWith('.'));
    }

    private static FeaturesOptions WithEvents(TempFolder temp, string header, params string[] rows) =>
        TinyLake.Options(temp, temp.Csv("events.csv", header, rows));

    [Fact]
    public async Task RunAsync_MissingColumn_NamesTheColumn()
    {
        using var temp = new TempFolder();
        var options = WithEvents(temp, "user_id,event_time,category,channel", "1,2024-02-10 10:00:00,books,app");
        await AssertRejectedAsync<InvalidDataException>(temp, options, "amount", "missing");
    }

    [Fact]
    public async Task RunAsync_MistypedColumn_SaysExpectedAndActualType()
    {
        using var temp = new TempFolder();
        var options = WithEvents(temp, TinyLake.Header, "1,2024-02-10 10:00:00,2024-01-01,books,app");
        await AssertRejectedAsync<InvalidDataException>(temp, options, "amount", "DATE", "expected");
    }

    [Fact]
    public async Task RunAsync_NonNumericAmount_ShowsAnExample()
    {
        using var temp = new TempFolder();
        var options = WithEvents(temp, TinyLake.Header, "1,2024-02-10 10:00:00,12.5,books,app", "2,2024-02-11 10:00:00,twelve,books,app");
        await AssertRejectedAsync<InvalidDataException>(temp, options, "amount", "1 of 2 rows", "'twelve'");
    }

    [Fact]
    public async Task RunAsync_UnparseableTimestamp_ShowsAnExample()
    {
        using var temp = new TempFolder();
        var options = WithEvents(temp, TinyLake.Header, "1,2024-02-10 10:00:00,1.0,books,app", "2,last tuesday,2.0,books,app");
        await AssertRejectedAsync<InvalidDataException>(temp, options, "event_time", "'last tuesday'");
    }

    [Fact]
    public async Task RunAsync_EmptyEvents_IsRejected()
    {
        using var temp = new TempFolder();
        string file = temp.File("events.parquet");
        await using (var engine = await DuckDbEngine.OpenAsync(new EngineSettings()))
            await engine.ExecuteAsync(engine.Dialect.CopyToParquet(
                "SELECT 1::BIGINT AS user_id, TIMESTAMP '2024-01-01' AS event_time, 1.0::DOUBLE AS amount, 'a' AS category, 'b' AS channel WHERE 1 = 0", file));
        await AssertRejectedAsync<InvalidDataException>(temp, TinyLake.Options(temp, file), "empty");
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-inf")]
    public async Task RunAsync_NonFiniteAmount_IsRejected(string amount)
    {
        using var temp = new TempFolder();
        var options = WithEvents(temp, TinyLake.Header, "1,2024-02-10 10:00:00,1.0,books,app", $"2,2024-02-11 10:00:00,{amount},books,app");
        await AssertRejectedAsync<InvalidDataException>(temp, options, "amount", "NaN or infinite");
    }

    [Fact]
    public async Task RunAsync_DuplicateUsers_NamesTheUser()
    {
        using var temp = new TempFolder();
        var options = TinyLake.Options(temp, temp.Csv("events.csv", TinyLake.Header, TinyLake.Events))
            with { UsersPath = temp.Csv("users.csv", TinyLake.UsersHeader, [.. TinyLake.Users, "3,2024-02-02 00:00:00,US,ios,organic,26"]) };
        await AssertRejectedAsync<InvalidDataException>(temp, options, "one row per user", "user 3 appears 2 times");
    }

    [Theory]
    [InlineData("2023-12-01")] // before the first event
    [InlineData("2024-01-05")] // the day of the first event: nobody is known before it
    [InlineData("2024-04-01")] // long after the last event
    public async Task RunAsync_CutoffOutsideTheData_IsRejected(string asOf)
    {
        using var temp = new TempFolder();
        var options = TinyLake.Options(temp, temp.Csv("events.csv", TinyLake.Header, TinyLake.Events)) with { AsOf = DateOnly.Parse(asOf) };
        await AssertRejectedAsync<InvalidDataException>(temp, options, "Cutoff", asOf, "outside");
    }

    [Fact]
    public async Task RunAsync_HostileMappingName_IsAMissingColumnNotSql()
    {
        using var temp = new TempFolder();
        const string hostile = "x\"; DROP TABLE ccornet_events_raw; --";
        var options = TinyLake.Options(temp, temp.Csv("events.csv", TinyLake.Header, TinyLake.Events))
            with { Mapping = new ColumnMapping { Events = new EventColumns { Amount = hostile } } };
        await AssertRejectedAsync<InvalidDataException>(temp, options, hostile, "missing");
    }

    [Fact]
    public async Task RunAsync_HostileColumnNameAndPath_AreReadAsPlainNames()
    {
        using var temp = new TempFolder();
        const string hostile = "x\"; DROP TABLE ccornet_events_raw; --";
        string folder = Directory.CreateDirectory(temp.File("it's'; DROP TABLE t; --")).FullName;
        string file = Path.Combine(folder, "events.parquet");
        await using (var engine = await DuckDbEngine.OpenAsync(new EngineSettings()))
        {
            var d = engine.Dialect;
            await engine.ExecuteAsync(d.CopyToParquet(
                $"SELECT user_id, event_time, amount AS {d.Identifier(hostile)}, category, channel FROM read_csv({d.Literal(temp.Csv("events.csv", TinyLake.Header, TinyLake.Events))})", file));
        }
        var options = TinyLake.Options(temp, folder) with { Mapping = new ColumnMapping { Events = new EventColumns { Amount = hostile } } };

        await TinyLake.RunAsync(options);

        Assert.Equal(15.0, (await FeatureTable.ReadAsync(options.OutputDirectory))[1]["ltv"]);
    }

    [Fact]
    public async Task RunAsync_MissingEventsFile_IsRejected()
    {
        using var temp = new TempFolder();
        await AssertRejectedAsync<FileNotFoundException>(temp, TinyLake.Options(temp, temp.File("nowhere.parquet")), "nowhere.parquet");
    }

    [Fact]
    public void Validate_SeveralBrokenRules_ListsThemAll()
    {
        var options = new FeaturesOptions { EventsPath = "", AsOf = TinyLake.AsOf, OutputDirectory = "out", ObservationDays = 0, Shards = 0, Passes = -1 };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("events path", error.Message);
        Assert.Contains("observation days", error.Message);
        Assert.Contains("shards", error.Message);
        Assert.Contains("passes must be in 0..", error.Message);
    }

    [Fact]
    public async Task RunAsync_NonFiniteAmountWithSeveralPasses_IsRejectedBeforeAnyPass()
    {
        using var temp = new TempFolder();
        var options = WithEvents(temp, TinyLake.Header, "1,2024-02-10 10:00:00,12.5,books,app", "2,2024-02-11 10:00:00,NaN,books,app") with { Passes = 3 };
        await AssertRejectedAsync<InvalidDataException>(temp, options, "amount", "finite");
    }

    [Fact]
    public async Task RunAsync_FailureAfterEarlierSuccess_KeepsThePreviousOutput()
    {
        using var temp = new TempFolder();
        var good = TinyLake.Options(temp, temp.Csv("events.csv", TinyLake.Header, TinyLake.Events));
        await TinyLake.RunAsync(good);
        var bad = good with { EventsPath = temp.Csv("bad.csv", TinyLake.Header, "1,2024-02-10 10:00:00,NaN,books,app") };

        await Assert.ThrowsAsync<InvalidDataException>(() => TinyLake.RunAsync(bad));

        Assert.Equal(15.0, (await FeatureTable.ReadAsync(good.OutputDirectory))[1]["ltv"]);
    }
}
