using Microsoft.Extensions.Logging.Abstractions;
using Parquet.Schema;

namespace CcOrNet.Synthetic.Tests.Output;

public sealed class LakeOutputSchemaTests : IAsyncLifetime
{
    private readonly TempFolder _temp = new();
    private GeneratedLake _lake = null!;

    public async Task InitializeAsync() =>
        _lake = await LakeGenerator.RunAsync(
            new GeneratorOptions { OutputDirectory = _temp.Combine("lake"), Users = 2_000, Shards = 2, RowGroupRows = 1_000 },
            null, NullLogger.Instance, CancellationToken.None);

    public Task DisposeAsync()
    {
        _temp.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Events_Schema_HasTheLakeColumnsAndTypes()
    {
        var events = await ParquetTable.ReadAsync(Path.Combine(_lake.EventsDirectory, "part-00000.parquet"));

        Assert.Equal(["user_id", "event_time", "event_type", "amount", "category", "channel"], events.Schema.DataFields.Select(f => f.Name));
        Assert.Equal(typeof(long), events.Schema.DataFields[0].ClrType);
        var time = Assert.IsType<DateTimeDataField>(events.Schema.DataFields[1]);
        Assert.True(time.IsAdjustedToUTC);
        Assert.Equal(typeof(double), events.Schema.DataFields[3].ClrType);
        Assert.All(events.Schema.DataFields, f => Assert.False(f.IsNullable, $"{f.Name} should be required"));
        Assert.True(events.RowGroups > 1, "a 1000-row row group bound should split the shard");
    }

    [Fact]
    public async Task Users_Schema_HasTheLakeColumnsAndTypes()
    {
        var users = await ParquetTable.ReadAsync(Path.Combine(_lake.UsersDirectory, "part-00001.parquet"));

        Assert.Equal(["user_id", "signup_time", "country", "platform", "acquisition_channel", "age"], users.Schema.DataFields.Select(f => f.Name));
        Assert.IsType<DateTimeDataField>(users.Schema.DataFields[1]);
        Assert.Equal(typeof(int), users.Schema.DataFields[5].ClrType);
    }

    [Fact]
    public async Task Users_AcrossShards_AreContiguousIdsWithValidAttributes()
    {
        var first = await ParquetTable.ReadAsync(Path.Combine(_lake.UsersDirectory, "part-00000.parquet"));
        var users = await ParquetTable.ReadFolderAsync(_lake.UsersDirectory);

        Assert.Equal(Enumerable.Range(1, 1_000).Select(i => (long)i), first.Column<long>("user_id"));
        Assert.Equal(Enumerable.Range(1, 2_000).Select(i => (long)i), users.Column<long>("user_id"));
        Assert.All(users.Column<string>("platform"), p => Assert.Contains(p, new[] { "ios", "android", "web" }));
        Assert.All(users.Column<string>("acquisition_channel"), a => Assert.Contains(a, new[] { "organic", "paid_search", "social", "referral", "affiliate" }));
        Assert.All(users.Column<int>("age"), a => Assert.InRange(a, 18, 80));
        Assert.True(users.Column<string>("country").Distinct().Count() >= 8, "users should come from many markets");
        Assert.All(users.Column<DateTime>("signup_time"), t => Assert.InRange(t, new DateTime(2023, 1, 1), new DateTime(2026, 1, 1)));
    }

    [Fact]
    public async Task Events_Values_FollowTheContract()
    {
        var events = await ParquetTable.ReadFolderAsync(_lake.EventsDirectory);
        string[] types = events.Column<string>("event_type");
        double[] amounts = events.Column<double>("amount");

        for (int i = 0; i < events.Rows; i++)
        {
            switch (types[i])
            {
                case "purchase": Assert.True(amounts[i] > 0, $"purchase row {i} has amount {amounts[i]}"); break;
                case "return": Assert.True(amounts[i] < 0, $"return row {i} has amount {amounts[i]}"); break;
                case "session": Assert.Equal(0, amounts[i]); break;
                default: Assert.Fail($"row {i} has event_type '{types[i]}'"); break;
            }
        }
        Assert.All(events.Column<string>("channel"), c => Assert.Contains(c, new[] { "app", "web", "store" }));
        Assert.All(events.Column<DateTime>("event_time"), t => Assert.InRange(t, new DateTime(2023, 1, 1), new DateTime(2025, 12, 31, 23, 59, 59)));
        Assert.True(types.Count(t => t == "session") > types.Count(t => t == "purchase"), "sessions should outnumber purchases");
        Assert.Contains("return", types);
    }

    [Fact]
    public async Task Events_InEachShard_AreSortedByUserThenTime()
    {
        foreach (string file in Directory.GetFiles(_lake.EventsDirectory))
        {
            var events = await ParquetTable.ReadAsync(file);
            long[] ids = events.Column<long>("user_id");
            DateTime[] times = events.Column<DateTime>("event_time");
            for (int i = 1; i < ids.Length; i++)
                Assert.True(ids[i] > ids[i - 1] || (ids[i] == ids[i - 1] && times[i] >= times[i - 1]), $"{file} row {i} is out of order");
        }
    }

    [Fact]
    public async Task Events_EveryReturn_FollowsALargerPurchaseOfTheSameUser()
    {
        var events = await ParquetTable.ReadFolderAsync(_lake.EventsDirectory);
        long[] ids = events.Column<long>("user_id");
        string[] types = events.Column<string>("event_type");
        double[] amounts = events.Column<double>("amount");
        string[] categories = events.Column<string>("category");

        for (int i = 0; i < events.Rows; i++)
        {
            if (types[i] != "return") continue;
            bool matched = false;
            for (int j = i - 1; j >= 0 && ids[j] == ids[i] && !matched; j--)
                matched = types[j] == "purchase" && categories[j] == categories[i] && amounts[j] >= -amounts[i];
            Assert.True(matched, $"return at row {i} of user {ids[i]} has no earlier purchase to refund");
        }
    }

    [Fact]
    public async Task Events_FirstEventOfEachUser_IsTheSignupSession()
    {
        var users = await ParquetTable.ReadFolderAsync(_lake.UsersDirectory);
        var events = await ParquetTable.ReadFolderAsync(_lake.EventsDirectory);
        var signup = users.Column<long>("user_id").Zip(users.Column<DateTime>("signup_time")).ToDictionary(p => p.First, p => p.Second);
        long[] ids = events.Column<long>("user_id");
        DateTime[] times = events.Column<DateTime>("event_time");
        string[] types = events.Column<string>("event_type");

        for (int i = 0; i < events.Rows; i++)
        {
            if (i > 0 && ids[i] == ids[i - 1]) continue;
            Assert.Equal((signup[ids[i]], "session"), (times[i], types[i]));
        }
        Assert.Equal(signup.Count, ids.Distinct().Count());
    }
}
