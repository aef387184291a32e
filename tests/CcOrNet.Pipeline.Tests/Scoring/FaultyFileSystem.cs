using CcOrNet.Lake.FileSystem;

namespace CcOrNet.Pipeline.Tests.Scoring;

/// <summary>
/// The local file system with injected write faults through the <see cref="ILakeFileSystem"/> seam: the next
/// <see cref="BrokenWrites"/> created files throw <see cref="Fault"/> once <see cref="BreakAfterBytes"/> bytes are written.
/// </summary>
internal sealed class FaultyFileSystem : ILakeFileSystem
{
    private readonly ILakeFileSystem _disk = LocalFileSystem.Instance;

    public int BrokenWrites { get; set; }
    public long BreakAfterBytes { get; set; } = 4096;
    public Func<Exception> Fault { get; set; } = () => new IOException("injected transient write fault");

    public Stream CreateFile(string path)
    {
        var stream = _disk.CreateFile(path);
        if (BrokenWrites == 0) return stream;
        BrokenWrites--;
        return new BreakingStream(stream, BreakAfterBytes, Fault);
    }

    public void MoveDirectory(string source, string destination) => _disk.MoveDirectory(source, destination);
    public void CreateDirectory(string path) => _disk.CreateDirectory(path);
    public bool DirectoryExists(string path) => _disk.DirectoryExists(path);
    public bool FileExists(string path) => _disk.FileExists(path);
    public void DeleteDirectory(string path) => _disk.DeleteDirectory(path);
    public void DeleteFile(string path) => _disk.DeleteFile(path);

    /// <summary>Passes writes through until the byte budget is spent, then throws: a write dying midway.</summary>
    private sealed class BreakingStream(Stream inner, long budget, Func<Exception> fault) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (buffer.Length > budget)
            {
                inner.Write(buffer[..(int)budget]);
                budget = 0;
                inner.Flush();
                throw fault();
            }
            inner.Write(buffer);
            budget -= buffer.Length;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) => WriteAsync(buffer.AsMemory(offset, count), ct).AsTask();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
