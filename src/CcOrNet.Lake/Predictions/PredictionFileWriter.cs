using Parquet;

namespace CcOrNet.Lake.Predictions;

/// <summary>
/// Writes one Parquet file of the predictions table from batches of any size: rows are buffered into reusable column
/// arrays and written one row group of <c>rowGroupRows</c> at a time, so memory is bounded by the row-group size.
/// </summary>
public sealed class PredictionFileWriter : IAsyncDisposable
{
    /// <remarks>Without a bound Parquet.Net's stream pool keeps every page stream it made (memory grows with row groups).</remarks>
    private static readonly ParquetOptions WriteOptions = new()
    {
        CompressionMethod = CompressionMethod.Snappy,
        MaximumSmallPoolFreeBytes = 16 << 20,
        MaximumLargePoolFreeBytes = 64 << 20,
    };

    private readonly PredictionSchema _schema;
    private readonly ParquetWriter _writer;
    private readonly long[] _ids;
    private readonly double[] _ltvPred, _ltvExpected, _pPayer, _whale;
    private readonly int[] _bucket;
    private readonly double[][] _p;
    private readonly string[] _version;
    private readonly DateOnly[] _asOf;
    private int _buffered;
    private bool _disposed;

    private PredictionFileWriter(PredictionSchema schema, ParquetWriter writer, string modelVersion, DateOnly asOf, int rowGroupRows)
    {
        _schema = schema;
        _writer = writer;
        _ids = new long[rowGroupRows];
        _ltvPred = new double[rowGroupRows];
        _ltvExpected = new double[rowGroupRows];
        _bucket = new int[rowGroupRows];
        _p = Enumerable.Range(0, schema.Buckets).Select(_ => new double[rowGroupRows]).ToArray();
        _pPayer = new double[rowGroupRows];
        _whale = new double[rowGroupRows];
        _version = Enumerable.Repeat(modelVersion, rowGroupRows).ToArray();
        _asOf = Enumerable.Repeat(asOf, rowGroupRows).ToArray();
    }

    /// <summary>Rows appended so far.</summary>
    public long Rows { get; private set; }

    /// <summary>Starts a file on <paramref name="stream"/> (left open: the caller owns it).</summary>
    public static async Task<PredictionFileWriter> CreateAsync(
        Stream stream, PredictionSchema schema, string modelVersion, DateOnly asOf, int rowGroupRows, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rowGroupRows, 1);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelVersion);
        var writer = await ParquetWriter.CreateAsync(schema.Schema, stream, WriteOptions, cancellationToken: ct);
        return new PredictionFileWriter(schema, writer, modelVersion, asOf, rowGroupRows);
    }

    /// <summary>Buffers the batch's rows, writing full row groups as they fill.</summary>
    public async Task AppendAsync(PredictionBatch batch, CancellationToken ct)
    {
        var problems = batch.Problems(_schema.Buckets).ToList();
        if (problems.Count > 0) throw new ArgumentException("Prediction batch is inconsistent: " + string.Join("; ", problems), nameof(batch));
        int capacity = _ids.Length;
        for (int start = 0; start < batch.Count;)
        {
            int take = Math.Min(capacity - _buffered, batch.Count - start);
            Copy(batch, start, take);
            start += take;
            _buffered += take;
            Rows += take;
            if (_buffered == capacity) await FlushAsync(ct);
        }
    }

    /// <summary>Writes the last partial row group and the footer; the file is complete afterwards.</summary>
    public async Task CompleteAsync(CancellationToken ct)
    {
        await FlushAsync(ct);
        await DisposeAsync();
    }

    private void Copy(PredictionBatch batch, int start, int count)
    {
        int at = _buffered;
        batch.UserIds.AsSpan(start, count).CopyTo(_ids.AsSpan(at));
        Widen(batch.LtvPred, start, count, _ltvPred, at);
        Widen(batch.LtvExpected, start, count, _ltvExpected, at);
        batch.Bucket.AsSpan(start, count).CopyTo(_bucket.AsSpan(at));
        for (int b = 0; b < _p.Length; b++) Widen(batch.BucketProbabilities[b], start, count, _p[b], at);
        Widen(batch.PPayer, start, count, _pPayer, at);
        Widen(batch.WhaleScore, start, count, _whale, at);
    }

    private static void Widen(float[] source, int start, int count, double[] target, int at)
    {
        for (int i = 0; i < count; i++) target[at + i] = source[start + i];
    }

    private async Task FlushAsync(CancellationToken ct)
    {
        if (_buffered == 0) return;
        int n = _buffered;
        using (var group = _writer.CreateRowGroup())
        {
            var s = _schema;
            await group.WriteAsync(s.UserId, new ReadOnlyMemory<long>(_ids, 0, n), cancellationToken: ct);
            await group.WriteAsync(s.LtvPred, new ReadOnlyMemory<double>(_ltvPred, 0, n), cancellationToken: ct);
            await group.WriteAsync(s.LtvExpected, new ReadOnlyMemory<double>(_ltvExpected, 0, n), cancellationToken: ct);
            await group.WriteAsync(s.Bucket, new ReadOnlyMemory<int>(_bucket, 0, n), cancellationToken: ct);
            for (int b = 0; b < _p.Length; b++)
                await group.WriteAsync(s.PBucket[b], new ReadOnlyMemory<double>(_p[b], 0, n), cancellationToken: ct);
            await group.WriteAsync(s.PPayer, new ReadOnlyMemory<double>(_pPayer, 0, n), cancellationToken: ct);
            await group.WriteAsync(s.WhaleScore, new ReadOnlyMemory<double>(_whale, 0, n), cancellationToken: ct);
            await group.WriteAsync(s.ModelVersion, new ArraySegment<string>(_version, 0, n));
            await group.WriteAsync(s.AsOf, new ReadOnlyMemory<DateOnly>(_asOf, 0, n), cancellationToken: ct);
            group.CompleteValidate();
        }
        _buffered = 0;
    }

    /// <summary>Closes the Parquet writer (not the stream); after a failure the caller discards the file.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        await _writer.DisposeAsync();
    }
}
