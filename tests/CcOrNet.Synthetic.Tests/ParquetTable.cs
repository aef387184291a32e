using Parquet;
using Parquet.Schema;

namespace CcOrNet.Synthetic.Tests;

/// <summary>A whole (small) Parquet file read into memory: its schema and one array per column.</summary>
internal sealed record ParquetTable(ParquetSchema Schema, IReadOnlyDictionary<string, Array> Columns, int RowGroups)
{
    public int Rows => Columns.Values.First().Length;

    public T[] Column<T>(string name) => (T[])Columns[name];

    public static async Task<ParquetTable> ReadAsync(string path)
    {
        await using ParquetReader reader = await ParquetReader.CreateAsync(path);
        var parts = reader.Schema.DataFields.ToDictionary(f => f.Name, _ => new List<Array>());
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using ParquetRowGroupReader group = reader.OpenRowGroupReader(g);
            int n = (int)group.RowCount;
            foreach (DataField field in reader.Schema.DataFields)
                parts[field.Name].Add(await ReadColumnAsync(group, field, n));
        }
        var columns = parts.ToDictionary(p => p.Key, p => Concat(p.Value));
        return new ParquetTable(reader.Schema, columns, reader.RowGroupCount);
    }

    /// <summary>Rows of all files of a table folder, concatenated in file-name order.</summary>
    public static async Task<ParquetTable> ReadFolderAsync(string folder)
    {
        var tables = new List<ParquetTable>();
        foreach (string file in Directory.GetFiles(folder, "*.parquet").Order(StringComparer.Ordinal))
            tables.Add(await ReadAsync(file));
        var columns = tables[0].Columns.Keys.ToDictionary(k => k, k => Concat(tables.Select(t => t.Columns[k]).ToList()));
        return new ParquetTable(tables[0].Schema, columns, tables.Sum(t => t.RowGroups));
    }

    private static async Task<Array> ReadColumnAsync(ParquetRowGroupReader group, DataField field, int n)
    {
        if (field.ClrType == typeof(long)) { var a = new long[n]; await group.ReadAsync<long>(field, a); return a; }
        if (field.ClrType == typeof(int)) { var a = new int[n]; await group.ReadAsync<int>(field, a); return a; }
        if (field.ClrType == typeof(double)) { var a = new double[n]; await group.ReadAsync<double>(field, a); return a; }
        if (field.ClrType == typeof(DateTime)) { var a = new DateTime[n]; await group.ReadAsync<DateTime>(field, a); return a; }
        var s = new string[n];
        await group.ReadAsync(field, s);
        return s;
    }

    private static Array Concat(List<Array> parts)
    {
        Type element = parts[0].GetType().GetElementType()!;
        Array all = Array.CreateInstance(element, parts.Sum(p => p.Length));
        int offset = 0;
        foreach (Array part in parts)
        {
            Array.Copy(part, 0, all, offset, part.Length);
            offset += part.Length;
        }
        return all;
    }
}
