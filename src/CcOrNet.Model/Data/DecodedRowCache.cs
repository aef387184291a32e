using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;

namespace CcOrNet.Model.Data;

/// <summary>
/// A folder of decoded row groups (<see cref="FeatureRows"/>, already normalised) of one features table, so that epochs
/// after the first read raw arrays instead of decoding Parquet again (tf.data's <c>cache(filename)</c>).
/// One file per row group, <c>f{file}-g{group}.rows</c>: an 80-byte header, then UserIds, Numeric, Categorical,
/// Sequence and Label as raw little-endian arrays, (8 + 4 Fn + 8 Fc + 4 C D + 4) bytes per row.
/// </summary>
/// <remarks>
/// <para>
/// The folder's <see cref="KeyFileName"/> names what the entries were decoded from (the features manifest's
/// fingerprint, the shard files with their sizes and times, the thresholds, the column order, this decoder's build);
/// opening the cache for another key deletes the old entries. Each entry also carries the key's hash and a checksum of
/// its arrays: an entry that is truncated, corrupt or from another key is a miss (decoded again and rewritten), never
/// wrong data.
/// </para>
/// <para>
/// Thread-safe, and safe for several processes sharing the folder (MPI ranks, data-parallel workers, the validation
/// stream): an entry is written to a uniquely named temporary file and renamed into place, so a reader sees a whole
/// entry or none and concurrent writers of one entry (same content) leave one of them. When writing fails with an I/O
/// or access error (disk full, read-only folder), this instance stops writing and records <see cref="WriteFailure"/>;
/// training goes on from Parquet.
/// </para>
/// </remarks>
public sealed class DecodedRowCache
{
    /// <summary>The file in the cache folder that names what its entries were decoded from.</summary>
    public const string KeyFileName = "_key.json";

    private const string EntryExtension = ".rows";
    private const string TemporaryExtension = ".tmp";
    private const int FormatVersion = 1;
    private const int HeaderSize = 80;
    private static ReadOnlySpan<byte> Magic => "CCORROWS"u8;

    private readonly string contentKey;
    private readonly byte[] keyHash;
    private readonly FeatureLayout layout;
    private readonly bool labelled;
    // The table the cache was opened for: a stream over it (or a Subset sharing these objects) needs no key comparison.
    private readonly FeatureTable opened;
    private long hits;
    private long misses;
    private string? writeFailure;

    private DecodedRowCache(string directory, FeatureTable table, string contentKey, byte[] keyHash)
    {
        Directory = directory;
        opened = table;
        layout = table.Layout;
        labelled = table.HasLabel;
        this.contentKey = contentKey;
        this.keyHash = keyHash;
    }

    /// <summary>The cache folder (full path).</summary>
    public string Directory { get; }

    /// <summary>Row groups served from the cache by <see cref="TryRead"/>.</summary>
    public long Hits => Interlocked.Read(ref hits);

    /// <summary>Row groups <see cref="TryRead"/> did not find (absent, stale or damaged): decoded from Parquet instead.</summary>
    public long Misses => Interlocked.Read(ref misses);

    /// <summary>Why this instance stopped writing entries (the first I/O or access error); null while writing works.</summary>
    public string? WriteFailure => Volatile.Read(ref writeFailure);

    /// <summary>
    /// Opens (creates) the cache folder <paramref name="directory"/> for <paramref name="table"/>'s rows: when its key
    /// file names other features, thresholds or columns, the old entries are deleted and the new key written. Never fails
    /// on I/O: a folder that cannot be created or written gives a cache that stops writing (<see cref="WriteFailure"/>).
    /// </summary>
    public static DecodedRowCache Open(string directory, FeatureTable table)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        string content = ContentKey(table);
        string key = JsonSerializer.Serialize(new { content, files = ShardFiles(table) }, new JsonSerializerOptions { WriteIndented = true });
        var cache = new DecodedRowCache(Path.GetFullPath(directory), table, content, SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        if (!BitConverter.IsLittleEndian)
        {
            cache.writeFailure = "the entries are little-endian arrays and this machine is big-endian";
            return cache;
        }
        try
        {
            System.IO.Directory.CreateDirectory(cache.Directory);
            string keyFile = Path.Combine(cache.Directory, KeyFileName);
            if (!File.Exists(keyFile) || File.ReadAllText(keyFile) != key)
            {
                cache.DeleteEntries();
                string temporary = $"{keyFile}.{Guid.NewGuid():N}{TemporaryExtension}";
                File.WriteAllText(temporary, key);
                File.Move(temporary, keyFile, overwrite: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            cache.StopWriting(e);
        }
        return cache;
    }

    /// <summary>The decoded rows of <paramref name="rowGroup"/>, or null when the cache has no whole, current entry for it.</summary>
    /// <param name="rowGroup">The row group to read.</param>
    /// <param name="buffers">Where the rows' arrays are rented from; null = new arrays.</param>
    public FeatureRows? TryRead(RowGroupRef rowGroup, FeatureRowsPool? buffers = null)
    {
        var rows = Read(rowGroup, buffers);
        Interlocked.Increment(ref rows is null ? ref misses : ref hits);
        return rows;
    }

    /// <summary>
    /// Stores the decoded rows of <paramref name="rowGroup"/> (temporary file, then an atomic rename). An I/O or access
    /// error stops this instance's writing (<see cref="WriteFailure"/>) instead of failing the caller.
    /// </summary>
    public void Write(RowGroupRef rowGroup, FeatureRows rows)
    {
        CheckShape(rowGroup, rows);
        if (WriteFailure is not null) return;
        string path = EntryPath(rowGroup);
        string temporary = $"{path}.{Guid.NewGuid():N}{TemporaryExtension}";
        try
        {
            long offset = HeaderSize;
            var checksum = new XxHash3();
            using (var handle = File.OpenHandle(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, FileOptions.None,
                       preallocationSize: HeaderSize + PayloadBytes(rows.Count)))
            {
                for (int part = 0; part < Parts(rows); part++)
                {
                    var bytes = Part(rows, part);
                    RandomAccess.Write(handle, bytes, offset);
                    checksum.Append(bytes);
                    offset += bytes.Length;
                }
                Span<byte> header = stackalloc byte[HeaderSize];
                WriteHeader(header, rowGroup, rows.Count, checksum.GetCurrentHashAsUInt64());
                RandomAccess.Write(handle, header, 0);
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            StopWriting(e);
            TryDelete(temporary);
        }
    }

    /// <summary>
    /// Deletes the cache's own files (entries, temporary files, key) and then the folder if nothing else is in it. Never
    /// fails on I/O (a scratch copy must not fail a finished job): false when some of its files could not be deleted.
    /// </summary>
    public bool Delete()
    {
        try
        {
            if (!System.IO.Directory.Exists(Directory)) return true;
            bool deleted = DeleteEntries() & TryDelete(Path.Combine(Directory, KeyFileName));
            foreach (string temporary in System.IO.Directory.EnumerateFiles(Directory, KeyFileName + ".*" + TemporaryExtension))
                deleted &= TryDelete(temporary);
            if (!System.IO.Directory.EnumerateFileSystemEntries(Directory).Any()) System.IO.Directory.Delete(Directory);
            return deleted;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Fails when <paramref name="table"/> is not the features, thresholds and columns this cache was opened for.</summary>
    internal void CheckServes(FeatureTable table)
    {
        bool same = ReferenceEquals(table.Manifest, opened.Manifest) && ReferenceEquals(table.Thresholds, opened.Thresholds)
            && ReferenceEquals(table.Schema, opened.Schema);
        if (!same && ContentKey(table) != contentKey)
            throw new ArgumentException(
                $"The decoded row cache '{Directory}' was opened for other features, thresholds or columns than those of features '{table.Directory}'");
    }

    private FeatureRows? Read(RowGroupRef rowGroup, FeatureRowsPool? buffers)
    {
        string path = EntryPath(rowGroup);
        if (!File.Exists(path)) return null;
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            Span<byte> header = stackalloc byte[HeaderSize];
            if (RandomAccess.GetLength(handle) != HeaderSize + PayloadBytes(rowGroup.Rows)
                || !ReadExactly(handle, header, 0) || !HeaderMatches(header, rowGroup, out ulong expected))
                return null;
            int n = rowGroup.Rows;
            var rows = buffers?.Rent(n, labelled) ?? FeatureRows.Uninitialized(n, layout, labelled);
            var checksum = new XxHash3();
            long offset = HeaderSize;
            for (int part = 0; part < Parts(rows); part++)
            {
                var bytes = Part(rows, part);
                if (!ReadExactly(handle, bytes, offset)) return null;
                checksum.Append(bytes);
                offset += bytes.Length;
            }
            return checksum.GetCurrentHashAsUInt64() == expected ? rows : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private long PayloadBytes(int count) =>
        (long)count * (sizeof(long) + sizeof(float) * layout.NumericCount + sizeof(long) * layout.CategoricalCount + sizeof(float) * layout.SequenceWidth
            + (labelled ? sizeof(float) : 0));

    private string EntryPath(RowGroupRef rowGroup) => Path.Combine(Directory, $"f{rowGroup.File}-g{rowGroup.Group}{EntryExtension}");

    private static int Parts(FeatureRows rows) => rows.Label is null ? 4 : 5;

    /// <summary>The arrays of an entry in file order, viewed as bytes (no per-element copy).</summary>
    private static Span<byte> Part(FeatureRows rows, int part) => part switch
    {
        0 => MemoryMarshal.AsBytes(rows.UserIds.AsSpan()),
        1 => MemoryMarshal.AsBytes(rows.Numeric.AsSpan()),
        2 => MemoryMarshal.AsBytes(rows.Categorical.AsSpan()),
        3 => MemoryMarshal.AsBytes(rows.Sequence.AsSpan()),
        _ => MemoryMarshal.AsBytes(rows.Label.AsSpan()),
    };

    private void WriteHeader(Span<byte> header, RowGroupRef rowGroup, int count, ulong checksum)
    {
        header.Clear();
        Magic.CopyTo(header);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], FormatVersion);
        BinaryPrimitives.WriteInt32LittleEndian(header[12..], rowGroup.File);
        BinaryPrimitives.WriteInt32LittleEndian(header[16..], rowGroup.Group);
        BinaryPrimitives.WriteInt32LittleEndian(header[20..], count);
        BinaryPrimitives.WriteInt32LittleEndian(header[24..], layout.NumericCount);
        BinaryPrimitives.WriteInt32LittleEndian(header[28..], layout.CategoricalCount);
        BinaryPrimitives.WriteInt32LittleEndian(header[32..], layout.SequenceWidth);
        BinaryPrimitives.WriteInt32LittleEndian(header[36..], labelled ? 1 : 0);
        BinaryPrimitives.WriteUInt64LittleEndian(header[40..], checksum);
        keyHash.CopyTo(header[48..]);
    }

    private bool HeaderMatches(ReadOnlySpan<byte> header, RowGroupRef rowGroup, out ulong checksum)
    {
        checksum = BinaryPrimitives.ReadUInt64LittleEndian(header[40..]);
        return header[..8].SequenceEqual(Magic)
            && BinaryPrimitives.ReadInt32LittleEndian(header[8..]) == FormatVersion
            && BinaryPrimitives.ReadInt32LittleEndian(header[12..]) == rowGroup.File
            && BinaryPrimitives.ReadInt32LittleEndian(header[16..]) == rowGroup.Group
            && BinaryPrimitives.ReadInt32LittleEndian(header[20..]) == rowGroup.Rows
            && BinaryPrimitives.ReadInt32LittleEndian(header[24..]) == layout.NumericCount
            && BinaryPrimitives.ReadInt32LittleEndian(header[28..]) == layout.CategoricalCount
            && BinaryPrimitives.ReadInt32LittleEndian(header[32..]) == layout.SequenceWidth
            && BinaryPrimitives.ReadInt32LittleEndian(header[36..]) == (labelled ? 1 : 0)
            && header[48..].SequenceEqual(keyHash);
    }

    private void CheckShape(RowGroupRef rowGroup, FeatureRows rows)
    {
        int n = rows.Count;
        if (n != rowGroup.Rows || !rows.Fits(layout) || (rows.Label is not null) != labelled)
            throw new ArgumentException(
                $"Rows of {n} users do not match row group {rowGroup.Group} of file {rowGroup.File} ({rowGroup.Rows} rows) in the layout of the decoded row cache '{Directory}'");
    }

    private static bool ReadExactly(SafeFileHandle handle, Span<byte> buffer, long offset)
    {
        while (buffer.Length > 0)
        {
            int read = RandomAccess.Read(handle, buffer, offset);
            if (read == 0) return false;
            buffer = buffer[read..];
            offset += read;
        }
        return true;
    }

    private void StopWriting(Exception e) => Interlocked.CompareExchange(ref writeFailure, $"{e.GetType().Name}: {e.Message}", null);

    private bool DeleteEntries()
    {
        bool deleted = true;
        foreach (string entry in System.IO.Directory.EnumerateFiles(Directory, "f*-g*" + EntryExtension + "*"))
            if (IsEntryFile(entry)) deleted &= TryDelete(entry);
        return deleted;
    }

    /// <summary>An entry or an entry's temporary file (<c>f1-g2.rows</c>, <c>f1-g2.rows.{guid}.tmp</c>).</summary>
    private static bool IsEntryFile(string path)
    {
        string name = Path.GetFileName(path);
        return name.StartsWith('f') && name.Contains("-g", StringComparison.Ordinal)
            && (name.EndsWith(EntryExtension, StringComparison.Ordinal) || (name.Contains(EntryExtension + ".", StringComparison.Ordinal) && name.EndsWith(TemporaryExtension, StringComparison.Ordinal)));
    }

    private static bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// What the entries are decoded from, read from the table alone (no I/O): format and decoder build, the manifest's
    /// fingerprint and shards, the label, the column order and the thresholds.
    /// </summary>
    private static string ContentKey(FeatureTable table) => JsonSerializer.Serialize(new
    {
        format = FormatVersion,
        // Deterministic builds: the module id changes whenever this assembly, which holds the decoder, does.
        decoder = typeof(DecodedRowCache).Assembly.ManifestModule.ModuleVersionId,
        fingerprint = table.Manifest.InputFingerprint,
        engine = table.Manifest.Engine,
        files = table.Manifest.Files,
        rows = table.Manifest.Rows,
        labelled = table.HasLabel,
        schema = table.Schema,
        thresholds = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(table.Thresholds.ToJson()))),
    });

    /// <summary>Size and last write time of every shard: a shard rewritten in place is other data under the same manifest.</summary>
    private static IEnumerable<string> ShardFiles(FeatureTable table) =>
        table.Manifest.Files.Select((name, i) =>
        {
            var info = new FileInfo(table.FilePath(i));
            return info.Exists ? $"{name} {info.Length} {info.LastWriteTimeUtc:O}" : $"{name} missing";
        });
}
