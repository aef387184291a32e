using CcOrNet.Core.Features;
using CcOrNet.Engines;
using CcOrNet.Engines.DuckDb;
using CcOrNet.Pipeline.Features;

namespace CcOrNet.Pipeline.Tests.Features;

[Collection("DuckDB")]
public sealed class FeaturesJobTests
{
    [Fact]
    public async Task RunAsync_TinyTable_FeaturesEqualHandComputedValues()
    {
        using var temp = new TempFolder();
        var options = TinyLake.Options(temp, temp.Csv("events.csv", TinyLake.Header, TinyLake.Events));

        await TinyLake.RunAsync(options);
        var user = (await FeatureTable.ReadAsync(options.OutputDirectory))[1];

        Assert.Equal(3.0, user["events"]);
        Assert.Equal(2.0, user["frequency"]);
        Assert.Equal(45.0, user["monetary"]);
        Assert.Equal(50.0, user["gross_spend"]);
        Assert.Equal(25.0, user["avg_order_value"]);
        Assert.Equal(30.0, user["max_order_value"]);
        Assert.Equal(0.1, (double)user["return_share"]!, 12);
        Assert.Equal(1 + 11.0 / 24, (double)user["recency_days"]!, 9); // 2024 has a Feb 29
        Assert.Equal(19 + 14.0 / 24, (double)user["tenure_days"]!, 9);
        Assert.Equal(2.0, user["active_days"]);
        Assert.Equal(15.0, user["spend_recent"]);
        Assert.Equal(-15.0 / 46, (double)user["spend_trend"]!, 12);
        Assert.Equal(0.6, (double)user["share_category_books"]!, 12);
        Assert.Equal(0.4, (double)user["share_category_music"]!, 12);
        Assert.Equal(0.0, (double)user["share_category__other"]!, 12);
        Assert.Equal(0.6, (double)user["share_channel_app"]!, 12);
        // Sequence index 0 = 2024-02-23 (T - 7) ... 6 = 2024-02-29 (T - 1): Feb 28 is index 5.
        Assert.Equal(15.0, user["seq_spend_005"]);
        Assert.Equal(2.0, user["seq_events_005"]);
        Assert.Equal(0.0, user["seq_spend_006"]);
        Assert.Equal(0.0, user["seq_events_000"]);
    }

    [Fact]
    public async Task RunAsync_UserActiveOnMoreThan127Days_CountsEveryActiveDay()
    {
        // Regression: the active-day bitmap's per-word counts are TINYINT in DuckDB and overflowed
        // when added up for a user active on more than 127 days of a long window.
        using var temp = new TempFolder();
        var asOf = new DateOnly(2025, 7, 1);
        string[] events = Enumerable.Range(1, 200)
            .Select(d => $"7,{asOf.AddDays(-d):yyyy-MM-dd} 12:00:00,1.0,books,app")
            .Append($"7,{asOf.AddDays(3):yyyy-MM-dd} 12:00:00,5.0,books,app")
            .ToArray();
        var options = TinyLake.Options(temp, temp.Csv("events.csv", TinyLake.Header, events)) with
        {
            AsOf = asOf,
            ObservationDays = 365,
            HorizonDays = 30,
        };

        await TinyLake.RunAsync(options);
        var user = (await FeatureTable.ReadAsync(options.OutputDirectory))[7];

        Assert.Equal(200.0, user["active_days"]);
        Assert.Equal(200.0, user["events"]);
        // Purchases and no return: the share returned is 0 (a missing sum of returns once made it 1).
        Assert.Equal(0.0, user["return_share"]);
    }

    [Fact]
    public async Task RunAsync_TinyTable_LabelIsHorizonSumFlooredAtZero()
    {
        using var temp = new TempFolder();
        var options = TinyLake.Options(temp, temp.Csv("events.csv", TinyLake.Header, TinyLake.Events));

        var result = await TinyLake.RunAsync(options);
        var table = await FeatureTable.ReadAsync(options.OutputDirectory);

        Assert.True(result.HasLabel);
        Assert.Equal([1L, 2L, 99L], table.Keys.Order());
        Assert.Equal(15.0, table[1]["ltv"]);   // 10 + 5; the event at T + H is outside
        Assert.Equal(0.0, table[2]["ltv"]);    // a return of 20 is floored at 0
        Assert.Equal(1.0, table[99]["ltv"]);
        Assert.Equal(2, result.Manifest.PositiveLabels);
        Assert.Equal(50.0, table[2]["lifetime_spend"]);
        Assert.Equal(0.0, table[2]["monetary"]);
    }

    [Fact]
    public async Task RunAsync_RefundCancelsPurchasesInHorizon_LabelIsExactlyZero()
    {
        // 0.1 + 0.2 - 0.3 is 5.6e-17 in doubles, in whichever order the engine sums them.
        using var temp = new TempFolder();
        string[] events = [.. TinyLake.Events, "7,2024-02-20 10:00:00,5.0,books,app",
            "7,2024-03-02 10:00:00,0.1,books,app", "7,2024-03-03 10:00:00,0.2,books,app", "7,2024-03-06 10:00:00,-0.3,books,app"];
        var options = TinyLake.Options(temp, temp.Csv("events.csv", TinyLake.Header, events));

        var result = await TinyLake.RunAsync(options);
        var table = await FeatureTable.ReadAsync(options.OutputDirectory);

        Assert.Equal(0.0, table[7]["ltv"]);
        Assert.Equal(2, result.Manifest.PositiveLabels);
    }

    [Fact]
    public async Task RunAsync_EventAtOrAfterCutoff_ChangesNoFeature()
    {
        using var temp = new TempFolder();
        var baseline = TinyLake.Options(temp, temp.Csv("events.csv", TinyLake.Header, TinyLake.Events));
        string[] later = [.. TinyLake.Events, "1,2024-03-01 00:00:00,1000.0,music,store", "2,2024-03-01 12:00:00,7.0,toys,web", "4,2024-03-02 00:00:00,3.0,books,app"];
        var shifted = baseline with { EventsPath = temp.Csv("later.csv", TinyLake.Header, later), OutputDirectory = temp.File("later") };

        await TinyLake.RunAsync(baseline);
        await TinyLake.RunAsync(shifted);
        var before = await FeatureTable.ReadAsync(baseline.OutputDirectory);
        var after = await FeatureTable.ReadAsync(shifted.OutputDirectory);

        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        foreach (long user in before.Keys)
            foreach (var (column, value) in before[user].Where(c => c.Key != "ltv"))
                Assert.True(Equals(value, after[user][column]), $"user {user} column {column}: {value} became {after[user][column]}");
        Assert.Equal(1015.0, after[1]["ltv"]);
    }

    [Fact]
    public async Task RunAsync_EventJustBeforeCutoff_ChangesFeatures()
    {
        using var temp = new TempFolder();
        var baseline = TinyLake.Options(temp, temp.Csv("events.csv", TinyLake.Header, TinyLake.Events));
        string[] earlier = [.. TinyLake.Events, "1,2024-02-29 23:59:59,1000.0,music,store"];
        var shifted = baseline with { EventsPath = temp.Csv("earlier.csv", TinyLake.Header, earlier), OutputDirectory = temp.File("earlier") };

        await TinyLake.RunAsync(baseline);
        await TinyLake.RunAsync(shifted);
        var after = (await FeatureTable.ReadAsync(shifted.OutputDirectory))[1];

        Assert.Equal(1045.0, after["monetary"]);
        Assert.Equal(1.0 / 86400, (double)after["recency_days"]!, 9);
        Assert.Equal(1000.0, after["seq_spend_006"]);
        Assert.Equal(1000.0, after["max_order_value"]);
        Assert.Equal(15.0, after["ltv"]);
    }

    [Fact]
    public async Task RunAsync_WithUsersTable_KeepsQuietUsersKnownBeforeCutoff()
    {
        using var temp = new TempFolder();
        var options = TinyLake.Options(temp, temp.Csv("events.csv", TinyLake.Header, TinyLake.Events))
            with { UsersPath = temp.Csv("users.csv", TinyLake.UsersHeader, TinyLake.Users) };

        var result = await TinyLake.RunAsync(options);
        var table = await FeatureTable.ReadAsync(options.OutputDirectory);

        // 1, 2, 99 have events before T; 3 and 4 signed up before T; 5 signed up after T.
        Assert.Equal([1L, 2L, 3L, 4L, 99L], table.Keys.Order());
        Assert.Equal(["country", "platform", "acquisition_channel"], result.Manifest.Schema.Categorical);
        Assert.Equal(40.0, table[3]["ltv"]);
        Assert.Equal(0.0, table[3]["monetary"]);
        Assert.Equal(29.0, table[3]["tenure_days"]);        // signed up 2024-02-01
        Assert.Equal(29.0, table[3]["recency_days"]);       // no event yet: recency = tenure
        Assert.Equal(60.0, table[1]["tenure_days"]);        // sign-up on 2024-01-01 precedes the first event
        Assert.Equal("FR", table[4]["country"]);
        Assert.Equal(0.0, table[4]["age"]);
        Assert.Equal(1.0, table[4]["age_missing"]);
        Assert.Equal(30.0, table[1]["age"]);
        Assert.Equal(FeatureSchema.MissingCategory, table[2]["country"]);
    }

    [Fact]
    public async Task RunAsync_HorizonNotCovered_WritesNoLabel()
    {
        using var temp = new TempFolder();
        var options = TinyLake.Options(temp, temp.Csv("events.csv", TinyLake.Header, TinyLake.Events)) with { HorizonDays = 30 };

        var result = await TinyLake.RunAsync(options);
        var table = await FeatureTable.ReadAsync(options.OutputDirectory);

        Assert.False(result.HasLabel);
        Assert.Null(result.Manifest.Schema.Label);
        Assert.DoesNotContain("ltv", table[1].Keys);
        await Assert.ThrowsAsync<InvalidDataException>(() => TinyLake.RunAsync(options with { RequireLabel = true, OutputDirectory = temp.File("required") }));
    }

    [Fact]
    public async Task RunAsync_Shards_EachUserInTheFileOfItsPortableHash()
    {
        using var temp = new TempFolder();
        var rows = Enumerable.Range(1, 200).Select(i => $"{i * 8},2024-02-{1 + i % 28:D2} 10:00:00,{i}.5,books,app").Append("8,2024-03-20 00:00:00,1.0,books,app").ToArray();
        var options = TinyLake.Options(temp, temp.Csv("events.csv", TinyLake.Header, rows)) with { Shards = 4 };

        var result = await TinyLake.RunAsync(options);

        Assert.Equal(["part-00000.parquet", "part-00001.parquet", "part-00002.parquet", "part-00003.parquet"], result.Manifest.Files);
        var manifest = FeatureManifest.Read(options.OutputDirectory);
        Assert.Equal(200, manifest.Rows);
        Assert.Equal(result.Manifest.Schema.AllColumns, manifest.Schema.AllColumns);
        for (int shard = 0; shard < 4; shard++)
        {
            var users = (await FeatureTable.ReadAsync(options.OutputDirectory, manifest.Files[shard])).Keys.ToList();
            Assert.NotEmpty(users);
            Assert.All(users, u => Assert.Equal(shard, ShardHash.Of(u, 4)));
        }
    }

    [Fact]
    public async Task RunAsync_OrderedShards_RowsOrderedByUserAndRerunWritesTheSameRows()
    {
        using var temp = new TempFolder();
        // Users arrive in descending order, several events each, so the engine's hash aggregation has work to reorder.
        var rows = Enumerable.Range(1, 3000).Reverse()
            .SelectMany(i => new[] { $"{i},2024-02-{1 + i % 28:D2} 10:00:00,{i % 97}.5,books,app", $"{i},2024-02-{1 + (i + 5) % 28:D2} 11:00:00,-{i % 7}.0,music,web" })
            .Append("1,2024-03-20 00:00:00,1.0,books,app").ToArray();
        var options = TinyLake.Options(temp, temp.Csv("events.csv", TinyLake.Header, rows))
            with { Shards = 3, OrderedShards = true, Engine = new() { Threads = 2 } };

        var first = await ReadShardsInFileOrderAsync(await TinyLake.RunAsync(options));
        var second = await ReadShardsInFileOrderAsync(await TinyLake.RunAsync(options));

        Assert.Equal(3000, first.Sum(shard => shard.Count));
        foreach (var shard in first)
            Assert.Equal(shard.Select(r => Convert.ToInt64(r[0])).Order(), shard.Select(r => Convert.ToInt64(r[0])));
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task RunAsync_MaxValuesPerAttribute_KeepsTheValuesWithMostPurchasesInTheWindow()
    {
        using var temp = new TempFolder();
        string[] rows =
        [
            "1,2024-02-10 10:00:00,5.0,toys,app", "1,2024-02-11 10:00:00,5.0,toys,app", "1,2024-02-12 10:00:00,5.0,toys,app",
            "2,2024-02-10 10:00:00,5.0,games,app", "2,2024-02-11 10:00:00,5.0,games,app",
            "3,2024-02-10 10:00:00,5.0,books,app", "3,2024-02-11 10:00:00,5.0,books,app",    // ties with games: name decides
            .. Enumerable.Range(1, 5).Select(d => $"4,2024-01-{d:D2} 10:00:00,9.0,music,app"), // before the window
            .. Enumerable.Range(1, 5).Select(d => $"4,2024-02-{d + 10:D2} 10:00:00,0.0,tech,app"), // sessions, not purchases
            .. Enumerable.Range(1, 5).Select(d => $"4,2024-02-{d + 10:D2} 11:00:00,-3.0,art,app"), // returns, not purchases
            .. Enumerable.Range(1, 6).Select(d => $"5,2024-02-{d + 10:D2} 10:00:00,7.0,,app"),     // no value
            "5,2024-03-01 10:00:00,1.0,toys,app",
        ];
        var options = TinyLake.Options(temp, temp.Csv("events.csv", TinyLake.Header, rows)) with { MaxValuesPerAttribute = 2 };

        var result = await TinyLake.RunAsync(options);

        var shares = result.Manifest.Schema.Numeric.Select(n => n.Name).Where(n => n.StartsWith("share_", StringComparison.Ordinal)).ToList();
        Assert.Equal(["share_category_toys", "share_category_books", "share_category__other", "share_channel_app", "share_channel__other"], shares);
        var user2 = (await FeatureTable.ReadAsync(options.OutputDirectory))[2];
        Assert.Equal(1.0, user2["share_category__other"]);
    }

    private static async Task<List<List<object?[]>>> ReadShardsInFileOrderAsync(FeaturesResult result)
    {
        var shards = new List<List<object?[]>>();
        await using var engine = await DuckDbEngine.OpenAsync(new EngineSettings());
        foreach (string file in result.Manifest.Files)
            shards.Add((await engine.QueryAsync($"SELECT * FROM read_parquet({engine.Dialect.Literal(Path.Combine(result.OutputDirectory, file))})")).ToList());
        return shards;
    }

    [Fact]
    public async Task RunAsync_Rerun_ReplacesOutputWithSameContent()
    {
        using var temp = new TempFolder();
        var options = TinyLake.Options(temp, temp.Csv("events.csv", TinyLake.Header, TinyLake.Events));

        var first = await TinyLake.RunAsync(options);
        var firstTable = await FeatureTable.ReadAsync(options.OutputDirectory);
        var second = await TinyLake.RunAsync(options);
        var secondTable = await FeatureTable.ReadAsync(options.OutputDirectory);

        Assert.Equal(first.Manifest.InputFingerprint, second.Manifest.InputFingerprint);
        Assert.Equal(firstTable.Count, secondTable.Count);
        Assert.All(firstTable, u => Assert.Equal(u.Value, secondTable[u.Key]));
        Assert.Equal(["features", "events.csv"], Directory.EnumerateFileSystemEntries(temp.Path).Select(Path.GetFileName).Order().Reverse());
    }
}
