using Parquet;
using Parquet.Schema;

namespace CcOrNet.Synthetic.Shape;

/// <summary>Finds a required column in a Parquet file's schema and checks its type up front.</summary>
internal static class ParquetColumn
{
    public static DataField Require(ParquetReader reader, string name, Type expected, string file)
    {
        DataField? field = reader.Schema.DataFields.FirstOrDefault(f => f.Name == name);
        if (field is null)
            throw new InvalidDataException(
                $"{file}: column '{name}' is missing; found {string.Join(", ", reader.Schema.DataFields.Select(f => f.Name))}");
        bool matches = field.ClrType == expected
            || (expected == typeof(string) && field.ClrType == typeof(ReadOnlyMemory<char>)); // UTF-8 strings surface either way
        if (!matches)
            throw new InvalidDataException($"{file}: column '{name}' has type {field.ClrType.Name}, expected {expected.Name}");
        return field;
    }

    /// <summary>Parquet files of a table folder, in name order; none if the folder is absent.</summary>
    public static string[] Files(string folder) =>
        Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.parquet").Order(StringComparer.Ordinal).ToArray()
            : [];
}
