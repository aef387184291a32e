using Parquet;
using Parquet.Schema;

namespace CcOrNet.Pipeline.Evaluation;

/// <summary>
/// Reads one whole column of a row group into an array, checking its type and that it has no nulls, with the file
/// and column in every error. Nullable and required Parquet columns are both accepted.
/// </summary>
internal static class ParquetColumn
{
    /// <summary>The field named <paramref name="column"/>, or an error naming the file, the column and what is there.</summary>
    public static DataField Find(ParquetSchema schema, string column, string file, params Type[] accepted)
    {
        var field = schema.DataFields.FirstOrDefault(f => f.Name == column)
            ?? throw new InvalidDataException(
                $"'{file}' has no column '{column}'; expected it among its columns: {string.Join(", ", schema.DataFields.Select(f => f.Name))}");
        if (!accepted.Contains(field.ClrType))
            throw new InvalidDataException(
                $"Column '{column}' of '{file}' holds {field.ClrType.Name}; expected {string.Join(" or ", accepted.Select(t => t.Name))}");
        return field;
    }

    public static Task<T[]> ReadAsync<T>(ParquetRowGroupReader group, DataField field, int rows, string file, CancellationToken ct)
        where T : struct =>
        field.IsNullable ? ReadNullableAsync<T>(group, field, rows, file, ct) : ReadRequiredAsync<T>(group, field, rows, ct);

    public static async Task<string[]> ReadStringsAsync(ParquetRowGroupReader group, DataField field, int rows, string file, CancellationToken ct)
    {
        var values = new string?[rows];
        await group.ReadAsync(field, values.AsMemory(), cancellationToken: ct);
        int nulls = values.Count(v => v is null);
        if (nulls > 0) throw NullsFound(field, file, nulls, rows);
        return values!;
    }

    private static async Task<T[]> ReadRequiredAsync<T>(ParquetRowGroupReader group, DataField field, int rows, CancellationToken ct) where T : struct
    {
        var values = new T[rows];
        await group.ReadAsync<T>(field, values.AsMemory(), cancellationToken: ct);
        return values;
    }

    private static async Task<T[]> ReadNullableAsync<T>(ParquetRowGroupReader group, DataField field, int rows, string file, CancellationToken ct) where T : struct
    {
        var nullable = new T?[rows];
        await group.ReadAsync(field, nullable.AsMemory(), cancellationToken: ct);
        var values = new T[rows];
        int nulls = 0;
        for (int i = 0; i < rows; i++)
        {
            if (nullable[i] is { } value) values[i] = value;
            else nulls++;
        }
        if (nulls > 0) throw NullsFound(field, file, nulls, rows);
        return values;
    }

    private static InvalidDataException NullsFound(DataField field, string file, int nulls, int rows) =>
        new($"Column '{field.Name}' of '{file}' has {nulls} null value(s) in a row group of {rows} rows; expected none");
}
