using Parquet;
using Parquet.Schema;

namespace CcOrNet.Synthetic.Output;

/// <summary>
/// A Parquet file written one full row group at a time from reusable column buffers, so memory is
/// bounded by the row-group size whatever the number of users. Subclasses fill the buffers and say
/// how a row group's columns are written.
/// </summary>
internal abstract class RowGroupFileWriter : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly ParquetWriter _writer;
    private readonly int _capacity;
    private bool _disposed;

    protected RowGroupFileWriter((Stream Stream, ParquetWriter Writer) file, int capacity)
    {
        (_stream, _writer) = file;
        _capacity = capacity;
    }

    /// <summary>Rows written or buffered so far.</summary>
    public long Rows { get; private set; }

    /// <summary>Rows in the buffers, not yet written: the index of the next row to fill.</summary>
    protected int Buffered { get; private set; }

    /// <summary>Creates the file and its writer; the stream is closed again if the writer cannot start.</summary>
    protected static async Task<(Stream, ParquetWriter)> OpenAsync(string path, ParquetSchema schema, CancellationToken ct)
    {
        Stream stream = ParquetFiles.CreateFile(path);
        try
        {
            return (stream, await ParquetWriter.CreateAsync(schema, stream, ParquetFiles.WriteOptions, cancellationToken: ct));
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }
    }

    /// <summary>Counts the row just filled at <see cref="Buffered"/>; writes a row group when the buffers are full.</summary>
    protected async ValueTask RowFilledAsync(CancellationToken ct)
    {
        Buffered++;
        Rows++;
        if (Buffered == _capacity) await FlushAsync(ct);
    }

    /// <summary>Writes the first <paramref name="rows"/> buffered values of every column into <paramref name="group"/>.</summary>
    protected abstract Task WriteColumnsAsync(ParquetRowGroupWriter group, int rows, CancellationToken ct);

    /// <summary>Writes the last partial row group and the file footer.</summary>
    public async Task CompleteAsync(CancellationToken ct)
    {
        await FlushAsync(ct);
        await DisposeAsync();
    }

    private async Task FlushAsync(CancellationToken ct)
    {
        if (Buffered == 0) return;
        using (ParquetRowGroupWriter group = _writer.CreateRowGroup())
        {
            await WriteColumnsAsync(group, Buffered, ct);
            group.CompleteValidate();
        }
        Buffered = 0;
    }

    /// <summary>Closes the file; after a failure the caller discards it (it lives in a staging folder).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        await _writer.DisposeAsync();
        await _stream.DisposeAsync();
    }
}
