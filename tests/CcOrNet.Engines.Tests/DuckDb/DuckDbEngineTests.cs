using CcOrNet.Core.Features;
using CcOrNet.Engines.DuckDb;

namespace CcOrNet.Engines.Tests.DuckDb;

[Collection("DuckDB")]
public sealed class DuckDbEngineTests
{
    [Fact]
    public async Task Identifier_HostileName_StaysOneColumnName()
    {
        await using var engine = await DuckDbEngine.OpenAsync(new EngineSettings());
        var d = engine.Dialect;
        const string hostile = "x\"; DROP TABLE victim; --";
        await engine.ExecuteAsync("CREATE TABLE victim AS SELECT 42 AS v");
        await engine.ExecuteAsync($"CREATE TABLE t AS SELECT 7 AS {d.Identifier(hostile)}");

        var value = await engine.QueryAsync($"SELECT {d.Identifier(hostile)} FROM t");
        var victim = await engine.QueryAsync("SELECT v FROM victim");

        Assert.Equal(7, Convert.ToInt32(value[0][0]));
        Assert.Equal(42, Convert.ToInt32(victim[0][0]));
        Assert.Equal(hostile, (await engine.DescribeAsync("t"))[0].Name);
    }

    [Fact]
    public async Task Literal_HostileText_StaysOneString()
    {
        await using var engine = await DuckDbEngine.OpenAsync(new EngineSettings());
        const string hostile = "it's'; DROP TABLE victim; --";

        var value = await engine.QueryAsync($"SELECT {engine.Dialect.Literal(hostile)}");

        Assert.Equal(hostile, value[0][0]);
        Assert.Throws<ArgumentException>(() => engine.Dialect.Literal("a\0b"));
    }

    [Fact]
    public async Task Shard_SqlExpression_EqualsShardHashForEveryId()
    {
        long[] ids = [0, 1, 7, 8, -1, -8, 2147483646, 2147483647, 2147483648, long.MaxValue, long.MinValue + 1, 123456789012345];
        await using var engine = await DuckDbEngine.OpenAsync(new EngineSettings());
        string values = string.Join(", ", ids.Select(i => $"({i}::BIGINT)"));

        var rows = await engine.QueryAsync($"SELECT id, {engine.Dialect.Shard("id", 7)} FROM (VALUES {values}) t(id)");

        Assert.All(rows, r => Assert.Equal(ShardHash.Of(Convert.ToInt64(r[0]), 7), Convert.ToInt32(r[1])));
    }

    [Fact]
    public async Task OpenAsync_Settings_AreApplied()
    {
        using var temp = new TempDirectory();
        await using var engine = await DuckDbEngine.OpenAsync(new EngineSettings { Threads = 1, MemoryLimit = "512MB", TempDirectory = temp.Path });

        var row = (await engine.QueryAsync("SELECT current_setting('threads'), current_setting('temp_directory'), current_setting('TimeZone')"))[0];

        Assert.Equal(1L, Convert.ToInt64(row[0]));
        Assert.Equal(temp.Path, row[1]);
        Assert.Equal("UTC", row[2]);
    }

    [Theory]
    [InlineData("2GB", 2e9)]
    [InlineData("512MB", 512e6)]
    [InlineData("3GiB", 3.0 * 1024 * 1024 * 1024)]
    public async Task MemoryLimitAsync_SetLimit_ReadsItBackInBytes(string limit, double bytes)
    {
        await using var engine = await DuckDbEngine.OpenAsync(new EngineSettings { MemoryLimit = limit });

        long? read = await engine.MemoryLimitAsync();

        // DuckDB prints the limit rounded to one decimal of a binary unit (2GB -> "1.8 GiB").
        Assert.NotNull(read);
        Assert.InRange(read.Value, bytes * 0.95, bytes * 1.05);
    }

    [Theory]
    [InlineData("1.8 GiB", 1.8 * 1024 * 1024 * 1024)]
    [InlineData("512.0 MB", 512e6)]
    [InlineData("700 bytes", 700)]
    [InlineData("2 KiB", 2048)]
    public void ParseSize_DuckDbSizes_GiveBytes(string text, double bytes) =>
        Assert.Equal((long)bytes, DuckDbEngine.ParseSize(text));

    [Fact]
    public void ParseSize_NotASize_SaysWhatWasExpected() =>
        Assert.Contains("GiB", Assert.Throws<FormatException>(() => DuckDbEngine.ParseSize("lots")).Message);

    [Fact]
    public async Task OpenAsync_BadSettings_ListsEveryProblem()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => DuckDbEngine.OpenAsync(new EngineSettings { Threads = 0, MemoryLimit = "lots" }));
        Assert.Contains("threads", error.Message);
        Assert.Contains("'lots'", error.Message);
    }

    [Fact]
    public async Task RegisterSourceAsync_WhitespaceFile_SplitsOnRunsOfBlanks()
    {
        using var temp = new TempDirectory();
        string file = Path.Combine(temp.Path, "data.txt");
        await File.WriteAllLinesAsync(file, [" id  day \tvalue", " 00001 19970101  1.5", "00002   19970102\t2", ""]);
        await using var engine = await DuckDbEngine.OpenAsync(new EngineSettings());

        await engine.RegisterSourceAsync("src", new TableSource(file, InputFormat.Whitespace));
        var rows = await engine.QueryAsync("SELECT id, day, value FROM src ORDER BY id");

        Assert.Equal(["id", "day", "value"], (await engine.DescribeAsync("src")).Select(c => c.Name));
        Assert.Equal(2, rows.Count);
        Assert.Equal(["00002", "19970102", "2"], rows[1]);
    }

    [Fact]
    public async Task RegisterSourceAsync_FolderOfParquet_ReadsEveryFile()
    {
        using var temp = new TempDirectory();
        await using var engine = await DuckDbEngine.OpenAsync(new EngineSettings());
        Directory.CreateDirectory(Path.Combine(temp.Path, "events", "sub"));
        await engine.ExecuteAsync(engine.Dialect.CopyToParquet("SELECT 1 AS x", Path.Combine(temp.Path, "events", "a.parquet")));
        await engine.ExecuteAsync(engine.Dialect.CopyToParquet("SELECT 2 AS x", Path.Combine(temp.Path, "events", "sub", "b.parquet")));

        await engine.RegisterSourceAsync("src", new TableSource(Path.Combine(temp.Path, "events")));

        Assert.Equal(3L, Convert.ToInt64((await engine.QueryAsync("SELECT CAST(sum(x) AS BIGINT) FROM src"))[0][0]));
    }

    [Fact]
    public async Task RegisterSourceAsync_MissingPath_IsFileNotFound()
    {
        await using var engine = await DuckDbEngine.OpenAsync(new EngineSettings());
        await Assert.ThrowsAsync<FileNotFoundException>(() => engine.RegisterSourceAsync("src", new TableSource("/nowhere/events.parquet")));
    }

    [Fact]
    public async Task ExecuteAsync_Cancelled_StopsTheRunningQuery()
    {
        await using var engine = await DuckDbEngine.OpenAsync(new EngineSettings { Threads = 1 });
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            engine.ExecuteAsync("CREATE TABLE t AS SELECT sum(i * i % 7) AS s FROM range(100000000000) r(i)", cancellation.Token));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"cancellation took {clock.Elapsed}");
    }

    [Theory]
    [InlineData("BIGINT", ColumnKind.Integer)]
    [InlineData("DECIMAL(18,3)", ColumnKind.Real)]
    [InlineData("DOUBLE", ColumnKind.Real)]
    [InlineData("VARCHAR", ColumnKind.Text)]
    [InlineData("TIMESTAMP WITH TIME ZONE", ColumnKind.Timestamp)]
    [InlineData("DATE", ColumnKind.Date)]
    [InlineData("INTEGER[]", ColumnKind.Other)]
    public void Classify_EngineType_GivesItsFamily(string type, ColumnKind kind) =>
        Assert.Equal(kind, DuckDbDialect.Instance.Classify(type));

    [Theory]
    [InlineData("TIMESTAMP '2024-03-10 23:30:00.123456'")]
    [InlineData("TIMESTAMPTZ '2024-03-10 23:30:00.123456+00'")]
    [InlineData("TIMESTAMPTZ '2024-03-11 01:30:00.123456+02'")]
    [InlineData("CAST(TIMESTAMP '2024-03-10 23:30:00.123456' AS TIMESTAMP_NS)")]
    public async Task TryTimestamp_TimestampTypes_GiveTheUtcWallTime(string value)
    {
        await using var engine = await DuckDbEngine.OpenAsync(new EngineSettings());

        var row = (await engine.QueryAsync($"SELECT {engine.Dialect.TryTimestamp(value, ColumnKind.Timestamp, null)}, {engine.Dialect.TryTimestamp("NULL::TIMESTAMPTZ", ColumnKind.Timestamp, null)}"))[0];

        Assert.Equal(new DateTime(2024, 3, 10, 23, 30, 0).AddTicks(1_234_560), row[0]);
        Assert.Null(row[1]);
    }
}
