using CcOrNet.Lake.Predictions;
using Parquet;
using Parquet.Schema;

namespace CcOrNet.Lake.Tests.Predictions;

public sealed class PredictionFileWriterTests
{
    private static readonly DateOnly AsOf = new(2025, 7, 1);

    /// <summary>n users of K = 3 buckets with distinct, recognisable values.</summary>
    private static PredictionBatch Batch(int n, int firstUser) => new(
        Enumerable.Range(firstUser, n).Select(u => (long)u).ToArray(),
        Enumerable.Range(0, n).Select(i => i * 1.5f).ToArray(),
        Enumerable.Range(0, n).Select(i => i * 0.25f).ToArray(),
        Enumerable.Range(0, n).Select(i => i % 3).ToArray(),
        [Enumerable.Repeat(0.5f, n).ToArray(), Enumerable.Repeat(0.25f, n).ToArray(), Enumerable.Repeat(0.25f, n).ToArray()],
        Enumerable.Repeat(0.5f, n).ToArray(),
        Enumerable.Repeat(0.25f, n).ToArray());

    [Fact]
    public async Task AppendAsync_BatchesAcrossRowGroups_FileHasContractColumnsTypesAndValues()
    {
        var schema = new PredictionSchema(buckets: 3);
        using var file = new MemoryStream();
        var writer = await PredictionFileWriter.CreateAsync(file, schema, "ccornet-abc", AsOf, rowGroupRows: 4, CancellationToken.None);
        await writer.AppendAsync(Batch(3, 100), CancellationToken.None);
        await writer.AppendAsync(Batch(6, 200), CancellationToken.None);
        await writer.CompleteAsync(CancellationToken.None);
        Assert.Equal(9, writer.Rows);

        file.Position = 0;
        await using var reader = await ParquetReader.CreateAsync(file, new ParquetOptions { UseDateOnlyTypeForDates = true });
        var fields = reader.Schema.DataFields;
        Assert.Equal(
            ["user_id", "ltv_pred", "ltv_expected", "bucket", "p_bucket_0", "p_bucket_1", "p_bucket_2", "p_payer", "whale_score", "model_version", "as_of"],
            fields.Select(f => f.Name));
        Assert.Equal(
            [typeof(long), typeof(double), typeof(double), typeof(int), typeof(double), typeof(double), typeof(double), typeof(double), typeof(double), typeof(ReadOnlyMemory<char>), typeof(DateOnly)], // Parquet.Net 6 reads UTF-8 strings as ReadOnlyMemory<char>,
            fields.Select(f => f.ClrType));
        Assert.All(fields, f => Assert.False(f.IsNullable));
        Assert.Equal(3, reader.RowGroupCount); // 4 + 4 + 1 rows

        var ids = new List<long>();
        var ltv = new List<double>();
        var dates = new List<DateOnly>();
        var versions = new List<string>();
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            int n = (int)group.RowCount;
            var idColumn = new long[n];
            var ltvColumn = new double[n];
            var dateColumn = new DateOnly[n];
            var versionColumn = new string?[n];
            await group.ReadAsync<long>(fields[0], idColumn);
            await group.ReadAsync<double>(fields[1], ltvColumn);
            await group.ReadAsync<DateOnly>(fields[10], dateColumn);
            await group.ReadAsync(fields[9], versionColumn.AsMemory());
            ids.AddRange(idColumn);
            ltv.AddRange(ltvColumn);
            dates.AddRange(dateColumn);
            versions.AddRange(versionColumn!);
        }
        Assert.Equal([100, 101, 102, 200, 201, 202, 203, 204, 205], ids);
        Assert.Equal([0, 1.5, 3, 0, 1.5, 3, 4.5, 6, 7.5], ltv);
        Assert.All(dates, d => Assert.Equal(AsOf, d));
        Assert.All(versions, v => Assert.Equal("ccornet-abc", v));
    }

    [Fact]
    public async Task AppendAsync_WrongBucketCountOrLengths_ThrowsNamingTheColumns()
    {
        var writer = await PredictionFileWriter.CreateAsync(new MemoryStream(), new PredictionSchema(4), "m", AsOf, 16, CancellationToken.None);
        var bad = Batch(5, 0) with { PPayer = new float[2] };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => writer.AppendAsync(bad, CancellationToken.None));

        Assert.Contains("p_payer has 2 values, expected 5", error.Message);
        Assert.Contains("3 bucket probability columns, expected 4", error.Message);
    }
}
