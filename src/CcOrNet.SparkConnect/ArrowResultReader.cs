using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using Google.Protobuf;

namespace CcOrNet.SparkConnect;

/// <summary>
/// Collects the Arrow batches of one execution into rows. Each batch is a complete Arrow IPC stream
/// (schema, then record batches); the first schema names the columns and later ones must agree.
/// </summary>
internal sealed class ArrowResultReader
{
    private readonly List<object?[]> _rows = [];
    private List<SparkColumn>? _columns;

    public void Add(ByteString data, long expectedRows)
    {
        using var reader = new ArrowStreamReader(new MemoryStream(data.ToByteArray()));
        long rows = 0;
        while (reader.ReadNextRecordBatch() is { } batch)
        {
            using (batch)
            {
                CheckSchema(reader.Schema);
                for (int row = 0; row < batch.Length; row++)
                {
                    var values = new object?[batch.ColumnCount];
                    for (int column = 0; column < values.Length; column++)
                        values[column] = Value(batch.Column(column), row);
                    _rows.Add(values);
                }
                rows += batch.Length;
            }
        }
        CheckSchema(reader.Schema);
        if (rows != expectedRows)
            throw new InvalidDataException($"Arrow batch holds {rows} rows but the server announced {expectedRows}");
    }

    public SparkResult Result() => new(_columns ?? [], _rows);

    private void CheckSchema(Schema schema)
    {
        var columns = schema.FieldsList.Select(f => new SparkColumn(f.Name, f.DataType.Name)).ToList();
        if (_columns is null) { _columns = columns; return; }
        if (!_columns.SequenceEqual(columns))
            throw new InvalidDataException(
                $"Arrow batches disagree on the schema: first ({Describe(_columns)}), then ({Describe(columns)})");
    }

    private static string Describe(IEnumerable<SparkColumn> columns) => string.Join(", ", columns.Select(c => $"{c.Name} {c.ArrowType}"));

    /// <summary>The .NET value at <paramref name="index"/>; null for NULL.</summary>
    internal static object? Value(IArrowArray array, int index)
    {
        if (array.IsNull(index)) return null;
        return array switch
        {
            Int8Array a => (int)a.GetValue(index)!.Value,
            Int16Array a => (int)a.GetValue(index)!.Value,
            Int32Array a => a.GetValue(index)!.Value,
            Int64Array a => a.GetValue(index)!.Value,
            FloatArray a => a.GetValue(index)!.Value,
            DoubleArray a => a.GetValue(index)!.Value,
            Decimal128Array a => a.GetValue(index)!.Value,
            BooleanArray a => a.GetValue(index)!.Value,
            StringArray a => a.GetString(index),
            LargeStringArray a => a.GetString(index),
            BinaryArray a => a.GetBytes(index).ToArray(),
            Date32Array a => a.GetDateTime(index)!.Value,
            Date64Array a => a.GetDateTime(index)!.Value,
            // Spark sends TIMESTAMP in the session time zone and TIMESTAMP_NTZ without one: both as instants here.
            TimestampArray a => a.GetTimestamp(index)!.Value.UtcDateTime,
            ListArray a => Items(a.GetSlicedValues(index)),
            NullArray => null,
            _ => throw new NotSupportedException($"Arrow type '{array.Data.DataType.Name}' is not decoded by CcOrNet's Spark Connect client"),
        };
    }

    private static List<object?> Items(IArrowArray values)
    {
        var items = new List<object?>(values.Length);
        for (int i = 0; i < values.Length; i++) items.Add(Value(values, i));
        return items;
    }
}
