namespace CcOrNet.Engines.Tests;

public sealed class EngineSettingsTests
{
    [Fact]
    public void Problems_SparkWithDuckDbOnlySettings_ReportsEachRule()
    {
        var settings = new EngineSettings { Kind = EngineKind.Spark, SparkRemote = "sc://h:0", MemoryLimit = "4GB", TempDirectory = "/tmp/x" };

        var problems = settings.Problems().ToList();

        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.Contains("port must be a number from 1 to 65535"));
        Assert.Contains(problems, p => p.StartsWith("memory limit applies to DuckDB only"));
        Assert.Contains(problems, p => p.StartsWith("temp directory applies to DuckDB only"));
    }

    [Fact]
    public void Problems_RemoteWithoutSparkEngine_AsksForEngineSpark()
    {
        var problems = new EngineSettings { SparkRemote = "sc://h:15002" }.Problems().ToList();

        Assert.Equal(["a Spark remote is set but the engine is DuckDB: add --engine spark"], problems);
    }

    [Fact]
    public async Task DuckDbOpenAsync_SparkSettings_RefusedInsteadOfIgnored()
    {
        var settings = new EngineSettings { Kind = EngineKind.Spark, SparkRemote = "sc://h:15002" };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => CcOrNet.Engines.DuckDb.DuckDbEngine.OpenAsync(settings));

        Assert.Contains("engine kind must be DuckDb here, got Spark", error.Message);
    }

    [Theory]
    [InlineData("sc://h:15002/;token=topsecret;use_ssl=true")]
    [InlineData("sc://h:99999/;token=topsecret")]
    public void ToString_RemoteWithToken_NeverShowsTheToken(string remote)
    {
        string shown = new EngineSettings { Kind = EngineKind.Spark, SparkRemote = remote }.ToString();

        Assert.DoesNotContain("topsecret", shown);
        Assert.Contains("sc://h:", shown);
    }
}
