using Parquet;
using Parquet.Schema;

namespace CcOrNet.Pipeline.Tests.Training;

/// <summary>Reads whole columns of a features folder straight from Parquet (the test's independent view of the data).</summary>
internal static class ParquetColumns
{
    public static async Task<Dictionary<string, List<object?>>> ReadAsync(string folder, IEnumerable<string> files, IReadOnlyCollection<string> columns)
    {
        var result = columns.ToDictionary(c => c, _ => new List<object?>());
        foreach (string file in files)
        {
            await using var reader = await ParquetReader.CreateAsync(Path.Combine(folder, file));
            for (int g = 0; g < reader.RowGroupCount; g++)
            {
                using var group = reader.OpenRowGroupReader(g);
                foreach (DataField field in reader.Schema.DataFields.Where(f => columns.Contains(f.Name)))
                {
                    foreach (object? value in await ReadAsync(group, field, checked((int)group.RowCount))) result[field.Name].Add(value);
                }
            }
        }
        return result;
    }

    private static async Task<IEnumerable<object?>> ReadAsync(ParquetRowGroupReader group, DataField field, int n)
    {
        if (field.ClrType == typeof(long))
        {
            if (!field.IsNullable) { var a = new long[n]; await group.ReadAsync<long>(field, a); return a.Cast<object?>(); }
            var b = new long?[n]; await group.ReadAsync(field, b.AsMemory()); return b.Cast<object?>();
        }
        if (field.ClrType == typeof(double))
        {
            if (!field.IsNullable) { var a = new double[n]; await group.ReadAsync<double>(field, a); return a.Cast<object?>(); }
            var b = new double?[n]; await group.ReadAsync(field, b.AsMemory()); return b.Cast<object?>();
        }
        var s = new string?[n];
        await group.ReadAsync(field, s.AsMemory());
        return s;
    }
}
