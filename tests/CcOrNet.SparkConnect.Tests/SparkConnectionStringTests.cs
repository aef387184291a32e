namespace CcOrNet.SparkConnect.Tests;

public class SparkConnectionStringTests
{
    [Fact]
    public void Parse_EveryParameter_ReadsThemAndKeepsOthersAsHeaders()
    {
        var parsed = SparkConnectionString.Parse(
            "sc://spark.example.com:443/;token=s3cr%3Dt;user_id=etl;user_agent=nightly;session_id=00112233-4455-6677-8899-aabbccddeeff;x-team=growth");

        Assert.Equal("spark.example.com", parsed.Host);
        Assert.Equal(443, parsed.Port);
        Assert.Equal("s3cr=t", parsed.Token);
        Assert.True(parsed.UseSsl);
        Assert.Equal("etl", parsed.UserId);
        Assert.Equal("nightly", parsed.UserAgent);
        Assert.Equal(Guid.Parse("00112233-4455-6677-8899-aabbccddeeff"), parsed.SessionId);
        Assert.Equal("growth", parsed.Headers["x-team"]);
        Assert.Equal(new Uri("https://spark.example.com:443"), parsed.Address);
    }

    [Fact]
    public void Parse_HostOnly_UsesDefaultPortWithoutTls()
    {
        var parsed = SparkConnectionString.Parse("sc://localhost");

        Assert.Equal(SparkConnectionString.DefaultPort, parsed.Port);
        Assert.False(parsed.UseSsl);
        Assert.Null(parsed.Token);
        Assert.Equal(new Uri("http://localhost:15002"), parsed.Address);
    }

    [Fact]
    public void Parse_TokenWithExplicitPlainText_KeepsTlsOff()
    {
        var parsed = SparkConnectionString.Parse("sc://localhost:15002/;token=abc;use_ssl=false");

        Assert.False(parsed.UseSsl);
        Assert.Equal("abc", parsed.Token);
    }

    [Fact]
    public void Parse_SeveralProblems_ReportsEachWithoutTheToken()
    {
        var error = Assert.Throws<FormatException>(() =>
            SparkConnectionString.Parse("sc://host:99999/;token=topsecret;use_ssl=maybe;session_id=42;use_ssl=true"));

        Assert.Contains("port must be a number from 1 to 65535, got '99999'", error.Message);
        Assert.Contains("use_ssl must be true or false, got 'maybe'", error.Message);
        Assert.Contains("session_id must be a UUID", error.Message);
        Assert.Contains("parameter 'use_ssl' is given twice", error.Message);
        Assert.DoesNotContain("topsecret", error.Message);
    }

    [Theory]
    [InlineData("http://host:15002")]
    [InlineData("sc://host:15002/path")]
    [InlineData("sc://:15002")]
    public void Parse_NotSparkConnectUri_Throws(string text)
    {
        Assert.Throws<FormatException>(() => SparkConnectionString.Parse(text));
    }

    [Fact]
    public void ToString_WithToken_ShowsEverythingButTheToken()
    {
        var parsed = SparkConnectionString.Parse("sc://h:1/;token=topsecret;user_id=etl");

        string shown = parsed.ToString();

        Assert.DoesNotContain("topsecret", shown);
        Assert.Equal("sc://h:1/;token=***;use_ssl=true;user_id=etl", shown);
        Assert.Equal(parsed with { Token = "***" }, SparkConnectionString.Parse(shown) with { Headers = parsed.Headers });
    }
}
