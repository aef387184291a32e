using CcOrNet.Core.Features;
using CcOrNet.Engines.Spark;

namespace CcOrNet.Engines.Tests.Spark;

public sealed class SparkDialectTests
{
    private readonly SparkDialect _d = SparkDialect.Instance;

    [Fact]
    public void Identifier_HostileName_BackticksDoubled()
    {
        Assert.Equal("`a``b; DROP TABLE t; --`", _d.Identifier("a`b; DROP TABLE t; --"));
        Assert.Throws<ArgumentException>(() => _d.Identifier("a\0b"));
    }

    [Fact]
    public void Literal_QuotesAndBackslashes_EscapedWithBackslash()
    {
        Assert.Equal(@"'it\'s C:\\lake\\x'", _d.Literal(@"it's C:\lake\x"));
        Assert.Throws<ArgumentException>(() => _d.Literal("a\0b"));
    }

    [Theory]
    [InlineData("bigint", ColumnKind.Integer)]
    [InlineData("INT", ColumnKind.Integer)]
    [InlineData("double", ColumnKind.Real)]
    [InlineData("decimal(18,2)", ColumnKind.Real)]
    [InlineData("string", ColumnKind.Text)]
    [InlineData("varchar(20)", ColumnKind.Text)]
    [InlineData("date", ColumnKind.Date)]
    [InlineData("timestamp", ColumnKind.Timestamp)]
    [InlineData("timestamp_ntz", ColumnKind.Timestamp)]
    [InlineData("boolean", ColumnKind.Boolean)]
    [InlineData("array<int>", ColumnKind.Other)]
    public void Classify_SparkTypeNames_GiveTheirFamily(string type, ColumnKind expected)
    {
        Assert.Equal(expected, _d.Classify(type));
    }

    [Theory]
    [InlineData("%Y-%m-%d %H:%M:%S", "yyyy-MM-dd HH:mm:ss")]
    [InlineData("%Y%m%d", "yyyyMMdd")]
    [InlineData("%d/%m/%y %I:%M %p", "dd/MM/yy hh:mm a")]
    [InlineData("%Y-%m-%dT%H:%M:%S.%f", "yyyy-MM-dd'T'HH:mm:ss.SSSSSS")]
    [InlineData("100%% %Y", "100% yyyy")]
    public void JavaDatePattern_StrptimeFormats_BecomeDateTimeFormatterPatterns(string strptime, string java)
    {
        Assert.Equal(java, SparkDialect.JavaDatePattern(strptime));
    }

    [Fact]
    public void JavaDatePattern_UnsupportedDirective_ThrowsNamingIt()
    {
        var error = Assert.Throws<ArgumentException>(() => SparkDialect.JavaDatePattern("%a %Y"));
        Assert.Contains("%a", error.Message);
    }

    [Fact]
    public void CopyToPartitionedParquet_Script_WritesThroughADroppedExternalTable()
    {
        var statements = SqlScript.Split(_d.CopyToPartitionedParquet("SELECT * FROM f ORDER BY `user_id`", "/lake/out/.partitions", "shard"));

        string table = $"`{SparkDialect.ScratchTable("/lake/out/.partitions")}`";
        Assert.Equal(
        [
            $"DROP TABLE IF EXISTS {table}",
            $"CREATE TABLE {table} USING parquet PARTITIONED BY (`shard`) LOCATION '/lake/out/.partitions' " +
            "AS SELECT * FROM (SELECT * FROM f ORDER BY `user_id`) ccornet_q DISTRIBUTE BY `shard` SORT BY `shard`, 1",
            $"DROP TABLE {table}",
        ], statements);
        Assert.NotEqual(SparkDialect.ScratchTable("/lake/a"), SparkDialect.ScratchTable("/lake/b"));
    }

    [Fact]
    public void ReadParquetFiles_SeveralFiles_UnionAllInOrder()
    {
        Assert.Equal("(SELECT * FROM parquet.`/f/part-0.parquet` UNION ALL SELECT * FROM parquet.`/f/part-1.parquet`)",
            _d.ReadParquetFiles(["/f/part-0.parquet", "/f/part-1.parquet"]));
    }

    [Fact]
    public void SourceView_CsvAndParquet_ReadThroughTemporaryViews()
    {
        Assert.Equal("CREATE OR REPLACE TEMPORARY VIEW `raw` USING csv OPTIONS (path 's3a://lake/events.csv', header 'true', inferSchema 'true', sep ';')",
            _d.SourceView("raw", new TableSource("s3a://lake/events.csv", Delimiter: ";")));
        Assert.Equal("CREATE OR REPLACE TEMPORARY VIEW `raw` AS SELECT * FROM parquet.`s3a://lake/events`",
            _d.SourceView("raw", new TableSource("s3a://lake/events")));
        Assert.Throws<NotSupportedException>(() => _d.SourceView("raw", new TableSource("/x/cdnow.txt", InputFormat.Whitespace)));
    }

    [Fact]
    public void Split_SemicolonsInsideQuotesCommentsAndBackticks_StayInTheirStatement()
    {
        var statements = SqlScript.Split("SELECT 'a;b', `c;d` -- e;f\n FROM t; /* g;h */ SELECT /*+ COALESCE(1) */ 'it\\'s;' ;;");

        Assert.Equal(["SELECT 'a;b', `c;d` \n FROM t", "SELECT /*+ COALESCE(1) */ 'it\\'s;'"], statements);
        Assert.Throws<ArgumentException>(() => SqlScript.Split("SELECT 'open"));
    }
}
