using CcOrNet.Engines;
using CcOrNet.Engines.DuckDb;

namespace CcOrNet.Pipeline.Tests.Training;

/// <summary>Edits a Parquet file in place through DuckDB, for bad-input tests.</summary>
internal static class ParquetEdits
{
    /// <summary>Sets <paramref name="column"/> of the <paramref name="row"/>-th row (0-based, file order) to <paramref name="sqlValue"/>, e.g. <c>'NaN'::DOUBLE</c>.</summary>
    public static Task SetValueAsync(string file, string column, int row, string sqlValue) =>
        ReplaceAsync(file, column, $"CASE WHEN row_number() OVER () = {row + 1} THEN {sqlValue} ELSE \"{column}\" END");

    /// <summary>Replaces every value of <paramref name="column"/> by <paramref name="sqlExpression"/> (which may read the row's columns).</summary>
    public static async Task ReplaceAsync(string file, string column, string sqlExpression)
    {
        string original = file + ".original";
        File.Move(file, original);
        await using (var engine = await DuckDbEngine.OpenAsync(new EngineSettings { Threads = 1 }))
            await engine.ExecuteAsync($"COPY (SELECT * REPLACE ({sqlExpression} AS \"{column}\") FROM read_parquet('{original}')) TO '{file}' (FORMAT PARQUET)");
        File.Delete(original);
    }
}
