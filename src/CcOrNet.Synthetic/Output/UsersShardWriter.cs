using CcOrNet.Synthetic.Population;
using Parquet;

namespace CcOrNet.Synthetic.Output;

/// <summary>Buffers users rows column by column and writes a row group each time the buffer is full.</summary>
internal sealed class UsersShardWriter : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly ParquetWriter _writer;
    private readonly UserColumns _columns;
    private int _buffered;
    private bool _disposed;

    private UsersShardWriter(Stream stream, ParquetWriter writer, UserColumns columns)
    {
        _stream = stream;
        _writer = writer;
        _columns = columns;
    }

    public long Rows { get; private set; }

    public static async Task<UsersShardWriter> CreateAsync(string path, UserColumns columns, CancellationToken ct)
    {
        Stream stream = ParquetFiles.CreateFile(path);
        try
        {
            ParquetWriter writer = await ParquetWriter.CreateAsync(LakeSchemas.Users, stream, ParquetFiles.WriteOptions, cancellationToken: ct);
            return new UsersShardWriter(stream, writer, columns);
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }
    }

    public async ValueTask AppendAsync(UserProfile user, CancellationToken ct)
    {
        UserColumns c = _columns;
        c.UserIds[_buffered] = user.UserId;
        c.Signups[_buffered] = ParquetFiles.ToUtc(user.SignupDay);
        c.Countries[_buffered] = user.Country.Code;
        c.Platforms[_buffered] = user.Platform;
        c.Acquisitions[_buffered] = user.Acquisition.Name;
        c.Ages[_buffered] = user.Age;
        _buffered++;
        Rows++;
        if (_buffered == c.Capacity) await FlushAsync(ct);
    }

    public async Task CompleteAsync(CancellationToken ct)
    {
        await FlushAsync(ct);
        await DisposeAsync();
    }

    private async Task FlushAsync(CancellationToken ct)
    {
        if (_buffered == 0) return;
        int n = _buffered;
        UserColumns c = _columns;
        using (ParquetRowGroupWriter group = _writer.CreateRowGroup())
        {
            await group.WriteAsync(LakeSchemas.UserId, new ReadOnlyMemory<long>(c.UserIds, 0, n), cancellationToken: ct);
            await group.WriteAsync(LakeSchemas.SignupTime, new ReadOnlyMemory<DateTime>(c.Signups, 0, n), cancellationToken: ct);
            await group.WriteAsync(LakeSchemas.Country, new ArraySegment<string>(c.Countries, 0, n));
            await group.WriteAsync(LakeSchemas.Platform, new ArraySegment<string>(c.Platforms, 0, n));
            await group.WriteAsync(LakeSchemas.AcquisitionChannel, new ArraySegment<string>(c.Acquisitions, 0, n));
            await group.WriteAsync(LakeSchemas.Age, new ReadOnlyMemory<int>(c.Ages, 0, n), cancellationToken: ct);
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
