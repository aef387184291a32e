using CcOrNet.Core.Features;
using CcOrNet.Core.Thresholds;
using Parquet;
using Parquet.Schema;

namespace CcOrNet.Model.Data;

/// <summary>
/// Reads row groups of a <see cref="FeatureTable"/> into model-ready <see cref="FeatureRows"/>: one column at a time
/// into reusable buffers (Parquet.Net's Memory-based API), normalised and scattered into row-major arrays.
/// Not thread-safe: one reader per producer.
/// </summary>
public sealed class FeatureTableReader : IAsyncDisposable
{
    private readonly FeatureTable table;
    private readonly FeatureRowsPool? buffers;
    private readonly Dictionary<int, ParquetReader> open = [];
    private readonly Normalisation[] numeric;
    private readonly Vocabulary[] vocabularies;
    private readonly Normalisation[] sequences;
    private long[] ids = [];
    private double[] values = [];
    private double?[] nullableValues = [];
    private string?[] strings = [];
    private float[] columns = [];

    internal FeatureTableReader(FeatureTable table, FeatureRowsPool? buffers = null)
    {
        this.table = table;
        this.buffers = buffers;
        var t = table.Thresholds;
        numeric = table.Schema.Numeric.Select(n => t.Numeric[n.Name]).ToArray();
        vocabularies = table.Schema.Categorical.Select(c => t.Vocabularies[c]).ToArray();
        sequences = table.Schema.SequenceChannels.Select(c => t.Sequences[c]).ToArray();
    }

    /// <summary>Every row of one row group, with the label when the table has one.</summary>
    public async Task<FeatureRows> ReadAsync(RowGroupRef rowGroup, CancellationToken ct = default)
    {
        var (reader, group) = await OpenAsync(rowGroup, ct);
        using (group)
        {
            var schema = table.Schema;
            var layout = table.Layout;
            int n = rowGroup.Rows;
            // Every element is written below.
            var rows = buffers?.Rent(n, table.HasLabel) ?? FeatureRows.Uninitialized(n, layout, table.HasLabel);

            await ReadIdsAsync(reader, group, n, ct);
            ids.AsSpan(0, n).CopyTo(rows.UserIds);

            // Columns are decoded into a column-major scratch (sequential writes), then transposed in cache-sized row
            // tiles: scattering each column straight into the row-major arrays touched one cache line per value.
            int fn = layout.NumericCount;
            Grow(ref columns, Math.Max(fn, layout.SequenceChannels * layout.SequenceDays) * n);
            for (int j = 0; j < fn; j++)
                await ReadNormalisedAsync(reader, group, rowGroup, schema.Numeric[j].Name, numeric[j], columns.AsMemory(j * n, n), ct);
            TransposeInto(columns, fn, n, rows.Numeric);

            int fc = layout.CategoricalCount;
            for (int j = 0; j < fc; j++)
            {
                var s = await ReadStringsAsync(reader, group, schema.Categorical[j], n, ct);
                var vocabulary = vocabularies[j];
                for (int r = 0; r < n; r++) rows.Categorical[r * fc + j] = vocabulary.IndexOf(s[r] ?? FeatureSchema.MissingCategory);
            }

            int days = layout.SequenceDays;
            for (int c = 0; c < layout.SequenceChannels; c++)
                for (int d = 0; d < days; d++)
                    await ReadNormalisedAsync(reader, group, rowGroup, FeatureSchema.SequenceColumn(schema.SequenceChannels[c], d), sequences[c],
                        columns.AsMemory((c * days + d) * n, n), ct);
            TransposeInto(columns, layout.SequenceChannels * days, n, rows.Sequence);

            if (rows.Label is not null)
            {
                var y = await ReadDoublesAsync(reader, group, schema.Label!, n, ct);
                RequireFinite(rowGroup, schema.Label!, y.AsSpan(0, n));
                for (int r = 0; r < n; r++) rows.Label[r] = (float)y[r];
            }
            return rows;
        }
    }

    /// <summary>User ids and raw labels of one row group only (cheap: two columns).</summary>
    public async Task<(long[] UserIds, double[] Labels)> ReadLabelsAsync(RowGroupRef rowGroup, CancellationToken ct = default)
    {
        if (!table.HasLabel) throw new InvalidOperationException($"Features '{table.Directory}' have no label column.");
        var (reader, group) = await OpenAsync(rowGroup, ct);
        using (group)
        {
            int n = rowGroup.Rows;
            await ReadIdsAsync(reader, group, n, ct);
            var userIds = ids.AsSpan(0, n).ToArray();
            var labels = (await ReadDoublesAsync(reader, group, table.Schema.Label!, n, ct)).AsSpan(0, n).ToArray();
            RequireFinite(rowGroup, table.Schema.Label!, labels);
            return (userIds, labels);
        }
    }

    /// <summary>One numeric column of one row group, raw (not normalised): e.g. a feature used as a heuristic's score.</summary>
    public async Task<double[]> ReadRawAsync(RowGroupRef rowGroup, string column, CancellationToken ct = default)
    {
        var (reader, group) = await OpenAsync(rowGroup, ct);
        using (group)
            return (await ReadDoublesAsync(reader, group, column, rowGroup.Rows, ct)).AsSpan(0, rowGroup.Rows).ToArray();
    }

    private async Task<(ParquetReader, ParquetRowGroupReader)> OpenAsync(RowGroupRef rowGroup, CancellationToken ct)
    {
        if (!open.TryGetValue(rowGroup.File, out var reader))
        {
            reader = await ParquetReader.CreateAsync(table.FilePath(rowGroup.File), cancellationToken: ct);
            open[rowGroup.File] = reader;
        }
        var group = reader.OpenRowGroupReader(rowGroup.Group);
        if (group.RowCount != rowGroup.Rows)
        {
            group.Dispose();
            throw new InvalidDataException($"Row group {rowGroup.Group} of '{table.FilePath(rowGroup.File)}' has {group.RowCount} rows, expected {rowGroup.Rows} (file changed while reading?)");
        }
        return (reader, group);
    }

    private async Task ReadIdsAsync(ParquetReader reader, ParquetRowGroupReader group, int n, CancellationToken ct)
    {
        var field = Field(reader, table.Schema.IdColumn);
        Grow(ref ids, n);
        if (field.IsNullable)
        {
            var buffer = new long?[n];
            await group.ReadAsync(field, buffer.AsMemory(), cancellationToken: ct);
            for (int r = 0; r < n; r++)
                ids[r] = buffer[r] ?? throw new InvalidDataException($"Null {table.Schema.IdColumn} in row {r} of a row group of '{table.Directory}'");
        }
        else
        {
            await group.ReadAsync<long>(field, ids.AsMemory(0, n), cancellationToken: ct);
        }
    }

    /// <summary>A double column into the reusable buffer (nulls read as 0; the features contract has none).</summary>
    private async Task<double[]> ReadDoublesAsync(ParquetReader reader, ParquetRowGroupReader group, string column, int n, CancellationToken ct)
    {
        var field = Field(reader, column);
        Grow(ref values, n);
        if (field.IsNullable)
        {
            Grow(ref nullableValues, n);
            await group.ReadAsync(field, nullableValues.AsMemory(0, n), cancellationToken: ct);
            for (int r = 0; r < n; r++) values[r] = nullableValues[r] ?? 0;
        }
        else
        {
            await group.ReadAsync<double>(field, values.AsMemory(0, n), cancellationToken: ct);
        }
        return values;
    }

    /// <summary>
    /// A double column normalised into <paramref name="dst"/>, straight from Parquet's buffer (nulls read as 0, as in
    /// <see cref="ReadDoublesAsync"/>): no intermediate copy of the column. A NaN or infinite value is refused: the
    /// model would turn it into NaN predictions without a word.
    /// </summary>
    private async Task ReadNormalisedAsync(ParquetReader reader, ParquetRowGroupReader group, RowGroupRef rowGroup, string column, Normalisation norm,
        Memory<float> dst, CancellationToken ct)
    {
        var field = Field(reader, column);
        int n = dst.Length;
        bool finite;
        if (field.IsNullable)
        {
            Grow(ref nullableValues, n);
            await group.ReadAsync(field, nullableValues.AsMemory(0, n), cancellationToken: ct);
            finite = NormaliseInto(nullableValues.AsSpan(0, n), norm, dst.Span);
        }
        else
        {
            Grow(ref values, n);
            await group.ReadAsync<double>(field, values.AsMemory(0, n), cancellationToken: ct);
            finite = NormaliseInto(values.AsSpan(0, n), norm, dst.Span);
        }
        if (!finite) throw NotFinite(rowGroup, column, dst.Span, field.IsNullable ? i => nullableValues[i] : i => values[i]);
    }

    /// <summary>Refuses a label column holding NaN or an infinity, naming where.</summary>
    private void RequireFinite(RowGroupRef rowGroup, string column, ReadOnlySpan<double> values)
    {
        for (int row = 0; row < values.Length; row++)
            if (!double.IsFinite(values[row]))
                throw new InvalidDataException(
                    $"Column '{column}' of '{table.FilePath(rowGroup.File)}' (row group {rowGroup.Group}, row {row}) holds {values[row]}: labels must be finite numbers");
    }

    private InvalidDataException NotFinite(RowGroupRef rowGroup, string column, ReadOnlySpan<float> normalised, Func<int, double?> raw)
    {
        int row = 0;
        while (row < normalised.Length && float.IsFinite(normalised[row])) row++;
        return new InvalidDataException(
            $"Column '{column}' of '{table.FilePath(rowGroup.File)}' (row group {rowGroup.Group}, row {row}) holds {raw(row)}, which becomes " +
            $"{normalised[row]} after normalisation: features must be finite numbers within the thresholds' range (the features job writes no other)");
    }

    private async Task<string?[]> ReadStringsAsync(ParquetReader reader, ParquetRowGroupReader group, string column, int n, CancellationToken ct)
    {
        Grow(ref strings, n);
        await group.ReadAsync(Field(reader, column), strings.AsMemory(0, n), cancellationToken: ct);
        return strings;
    }

    /// <summary>
    /// dst[r] = norm.Normalise(x[r]) as float, with the transform chosen once per column; false when a value is NaN or
    /// infinite (their sum is then not finite: one addition per value instead of a branch).
    /// </summary>
    private static bool NormaliseInto(ReadOnlySpan<double> x, Normalisation norm, Span<float> dst)
    {
        double mean = norm.Mean, std = norm.Std;
        float sum = 0;
        if (norm.Transform == FeatureTransform.Identity)
            for (int r = 0; r < dst.Length; r++) sum += dst[r] = (float)((x[r] - mean) / std);
        else
        {
            // Daily sequences are mostly zeros: skip the logarithm for them (same value).
            float zero = (float)norm.Normalise(0);
            for (int r = 0; r < dst.Length; r++) sum += dst[r] = x[r] == 0 ? zero : (float)norm.Normalise(x[r]);
        }
        return float.IsFinite(sum);
    }

    /// <summary>The same for a nullable column, a null read as 0.</summary>
    private static bool NormaliseInto(ReadOnlySpan<double?> x, Normalisation norm, Span<float> dst)
    {
        double mean = norm.Mean, std = norm.Std;
        float sum = 0;
        if (norm.Transform == FeatureTransform.Identity)
            for (int r = 0; r < dst.Length; r++) sum += dst[r] = (float)((x[r].GetValueOrDefault() - mean) / std);
        else
        {
            float zero = (float)norm.Normalise(0);
            for (int r = 0; r < dst.Length; r++)
            {
                double v = x[r].GetValueOrDefault();
                sum += dst[r] = v == 0 ? zero : (float)norm.Normalise(v);
            }
        }
        return float.IsFinite(sum);
    }

    /// <summary>Column-major [count][n] -> row-major [n][count], in tiles of rows small enough to stay in cache.</summary>
    private static void TransposeInto(float[] columnMajor, int count, int n, float[] rowMajor)
    {
        const int TileRows = 256;
        for (int r0 = 0; r0 < n; r0 += TileRows)
        {
            int r1 = Math.Min(n, r0 + TileRows);
            for (int j = 0; j < count; j++)
            {
                int source = j * n;
                for (int r = r0; r < r1; r++) rowMajor[r * count + j] = columnMajor[source + r];
            }
        }
    }

    private DataField Field(ParquetReader reader, string column) =>
        reader.Schema.DataFields.FirstOrDefault(f => f.Name == column)
        ?? throw new InvalidDataException($"Column '{column}' is missing from a shard of features '{table.Directory}'");

    private static void Grow<T>(ref T[] buffer, int n)
    {
        if (buffer.Length < n) buffer = new T[n];
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var reader in open.Values) await reader.DisposeAsync();
        open.Clear();
    }
}
