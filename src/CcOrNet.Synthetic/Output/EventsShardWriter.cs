using CcOrNet.Synthetic.Behaviour;
using Parquet;

namespace CcOrNet.Synthetic.Output;

/// <summary>
/// Buffers event rows column by column and writes a row group each time the buffer is full, so
/// memory is bounded by the row-group size whatever the number of users.
/// </summary>
internal sealed class EventsShardWriter : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly ParquetWriter _writer;
    private readonly EventColumns _columns;
    private int _buffered;
    private bool _disposed;

    private EventsShardWriter(Stream stream, ParquetWriter writer, EventColumns columns)
    {
        _stream = stream;
        _writer = writer;
        _columns = columns;
    }

    /// <summary>Rows written or buffered so far.</summary>
    public long Rows { get; private set; }

    public static async Task<EventsShardWriter> CreateAsync(string path, EventColumns columns, CancellationToken ct)
    {
        Stream stream = ParquetFiles.CreateFile(path);
        try
        {
            ParquetWriter writer = await ParquetWriter.CreateAsync(LakeSchemas.Events, stream, ParquetFiles.WriteOptions, cancellationToken: ct);
            return new EventsShardWriter(stream, writer, columns);
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }
    }

    /// <summary>Appends one user's events (already in time order).</summary>
    public async ValueTask AppendAsync(long userId, List<SimulatedEvent> events, CancellationToken ct)
    {
        EventColumns c = _columns;
        foreach (SimulatedEvent e in events)
        {
            c.UserIds[_buffered] = userId;
            c.Times[_buffered] = ParquetFiles.ToUtc(e.Day);
            c.Types[_buffered] = e.EventType;
            c.Amounts[_buffered] = e.Amount;
            c.Categories[_buffered] = e.Category;
            c.Channels[_buffered] = e.Channel;
            _buffered++;
            Rows++;
            if (_buffered == c.Capacity) await FlushAsync(ct);
        }
    }

    /// <summary>Writes the last partial row group and the file footer.</summary>
    public async Task CompleteAsync(CancellationToken ct)
    {
        await FlushAsync(ct);
        await DisposeAsync();
    }

    private async Task FlushAsync(CancellationToken ct)
    {
        if (_buffered == 0) return;
        int n = _buffered;
        EventColumns c = _columns;
        using (ParquetRowGroupWriter group = _writer.CreateRowGroup())
        {
            await group.WriteAsync(LakeSchemas.EventUserId, new ReadOnlyMemory<long>(c.UserIds, 0, n), cancellationToken: ct);
            await group.WriteAsync(LakeSchemas.EventTime, new ReadOnlyMemory<DateTime>(c.Times, 0, n), cancellationToken: ct);
            await group.WriteAsync(LakeSchemas.EventType, new ArraySegment<string>(c.Types, 0, n));
            await group.WriteAsync(LakeSchemas.Amount, new ReadOnlyMemory<double>(c.Amounts, 0, n), cancellationToken: ct);
            await group.WriteAsync(LakeSchemas.Category, new ArraySegment<string>(c.Categories, 0, n));
            await group.WriteAsync(LakeSchemas.Channel, new ArraySegment<string>(c.Channels, 0, n));
            group.CompleteValidate();
        }
        _buffered = 0;
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
