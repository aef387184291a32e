using CcOrNet.Engines;
using CcOrNet.Engines.DuckDb;

namespace CcOrNet.Pipeline.Tests.Features;

/// <summary>Reads a written features folder back, one dictionary per user (column -> value).</summary>
internal static class FeatureTable
{
    public static async Task<Dictionary<long, Dictionary<string, object?>>> ReadAsync(string folder, string pattern = "part-*.parquet")
    {
        await using var engine = await DuckDbEngine.OpenAsync(new EngineSettings());
        string files = engine.Dialect.Literal(Path.Combine(folder, pattern));
        var columns = await engine.DescribeAsync($"read_parquet({files})");
        var rows = await engine.QueryAsync($"SELECT * FROM read_parquet({files})");
        return rows.ToDictionary(
            r => Convert.ToInt64(r[0]),
            r => columns.Select((c, i) => (c.Name, r[i])).ToDictionary(p => p.Name, p => p.Item2));
    }
}
