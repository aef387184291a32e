using CcOrNet.Synthetic.Population;
using Parquet;

namespace CcOrNet.Synthetic.Output;

/// <summary>Buffers users rows column by column and writes a row group each time the buffer is full.</summary>
internal sealed class UsersShardWriter : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly ParquetWriter _writer;
    private readonly long[] _userIds;
    private readonly DateTime[] _signups;
    private readonly string[] _countries;
    private readonly string[] _platforms;
    private readonly string[] _acquisitions;
    private readonly int[] _ages;
    private int _buffered;
    private bool _disposed;

    private UsersShardWriter(Stream stream, ParquetWriter writer, int rowGroupRows)
    {
        _stream = stream;
        _writer = writer;
        _userIds = new long[rowGroupRows];
        _signups = new DateTime[rowGroupRows];
        _countries = new string[rowGroupRows];
        _platforms = new string[rowGroupRows];
        _acquisitions = new string[rowGroupRows];
        _ages = new int[rowGroupRows];
    }

    public long Rows { get; private set; }

    public static async Task<UsersShardWriter> CreateAsync(string path, int rowGroupRows, CancellationToken ct)
    {
        Stream stream = ParquetFiles.CreateFile(path);
        try
        {
            ParquetWriter writer = await ParquetWriter.CreateAsync(LakeSchemas.Users, stream, ParquetFiles.WriteOptions, cancellationToken: ct);
            return new UsersShardWriter(stream, writer, rowGroupRows);
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }
    }

    public async ValueTask AppendAsync(UserProfile user, CancellationToken ct)
    {
        _userIds[_buffered] = user.UserId;
        _signups[_buffered] = ParquetFiles.ToUtc(user.SignupDay);
        _countries[_buffered] = user.Country.Code;
        _platforms[_buffered] = user.Platform;
        _acquisitions[_buffered] = user.Acquisition.Name;
        _ages[_buffered] = user.Age;
        _buffered++;
        Rows++;
        if (_buffered == _userIds.Length) await FlushAsync(ct);
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
        using (ParquetRowGroupWriter group = _writer.CreateRowGroup())
        {
            await group.WriteAsync(LakeSchemas.UserId, new ReadOnlyMemory<long>(_userIds, 0, n), cancellationToken: ct);
            await group.WriteAsync(LakeSchemas.SignupTime, new ReadOnlyMemory<DateTime>(_signups, 0, n), cancellationToken: ct);
            await group.WriteAsync(LakeSchemas.Country, new ArraySegment<string>(_countries, 0, n));
            await group.WriteAsync(LakeSchemas.Platform, new ArraySegment<string>(_platforms, 0, n));
            await group.WriteAsync(LakeSchemas.AcquisitionChannel, new ArraySegment<string>(_acquisitions, 0, n));
            await group.WriteAsync(LakeSchemas.Age, new ReadOnlyMemory<int>(_ages, 0, n), cancellationToken: ct);
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
