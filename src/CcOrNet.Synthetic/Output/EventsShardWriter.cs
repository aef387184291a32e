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
    private readonly long[] _userIds;
    private readonly DateTime[] _times;
    private readonly string[] _types;
    private readonly double[] _amounts;
    private readonly string[] _categories;
    private readonly string[] _channels;
    private int _buffered;
    private bool _disposed;

    private EventsShardWriter(Stream stream, ParquetWriter writer, int rowGroupRows)
    {
        _stream = stream;
        _writer = writer;
        _userIds = new long[rowGroupRows];
        _times = new DateTime[rowGroupRows];
        _types = new string[rowGroupRows];
        _amounts = new double[rowGroupRows];
        _categories = new string[rowGroupRows];
        _channels = new string[rowGroupRows];
    }

    /// <summary>Rows written or buffered so far.</summary>
    public long Rows { get; private set; }

    public static async Task<EventsShardWriter> CreateAsync(string path, int rowGroupRows, CancellationToken ct)
    {
        Stream stream = ParquetFiles.CreateFile(path);
        try
        {
            ParquetWriter writer = await ParquetWriter.CreateAsync(LakeSchemas.Events, stream, ParquetFiles.WriteOptions, cancellationToken: ct);
            return new EventsShardWriter(stream, writer, rowGroupRows);
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
        foreach (SimulatedEvent e in events)
        {
            _userIds[_buffered] = userId;
            _times[_buffered] = ParquetFiles.ToUtc(e.Day);
            _types[_buffered] = e.EventType;
            _amounts[_buffered] = e.Amount;
            _categories[_buffered] = e.Category;
            _channels[_buffered] = e.Channel;
            _buffered++;
            Rows++;
            if (_buffered == _userIds.Length) await FlushAsync(ct);
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
        using (ParquetRowGroupWriter group = _writer.CreateRowGroup())
        {
            await group.WriteAsync(LakeSchemas.EventUserId, new ReadOnlyMemory<long>(_userIds, 0, n), cancellationToken: ct);
            await group.WriteAsync(LakeSchemas.EventTime, new ReadOnlyMemory<DateTime>(_times, 0, n), cancellationToken: ct);
            await group.WriteAsync(LakeSchemas.EventType, new ArraySegment<string>(_types, 0, n));
            await group.WriteAsync(LakeSchemas.Amount, new ReadOnlyMemory<double>(_amounts, 0, n), cancellationToken: ct);
            await group.WriteAsync(LakeSchemas.Category, new ArraySegment<string>(_categories, 0, n));
            await group.WriteAsync(LakeSchemas.Channel, new ArraySegment<string>(_channels, 0, n));
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
