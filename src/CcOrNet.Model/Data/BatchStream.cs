using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace CcOrNet.Model.Data;

/// <summary>
/// Streams one epoch of a <see cref="FeatureTable"/> as batches of <see cref="FeatureRows"/>: a background task reads
/// and decodes row groups (Parquet -> normalised arrays, or the <see cref="BatchStreamOptions.DecodeCache"/>'s copy)
/// into a bounded channel, so decoding overlaps with the consumer's training step. Every kept row appears exactly once per epoch; memory is bounded by
/// 2 x <see cref="BatchStreamOptions.ShuffleRowGroups"/> + 1 row groups (the shuffle buffer, the next one decoded ahead
/// and the group being decoded) plus <see cref="BatchStreamOptions.Prefetch"/> batches. With
/// <see cref="BatchStreamOptions.Buffers"/> those arrays are rented from the pool and handed back as soon as they are
/// done with: a row group once its rows are all in batches, a batch when the consumer asks for the next one.
/// </summary>
public static class BatchStream
{
    /// <summary>The batches of epoch <paramref name="epoch"/> (0-based), in a seeded order that depends only on (seed, epoch).</summary>
    public static async IAsyncEnumerable<FeatureRows> ReadAsync(
        FeatureTable table, BatchStreamOptions options, int epoch, [EnumeratorCancellation] CancellationToken ct = default)
    {
        options.Validate();
        options.DecodeCache?.CheckServes(table);
        if (options.Buffers is { } buffers && !buffers.Fits(table.Layout))
            throw new ArgumentException($"The batch buffers do not fit the rows of '{table.Directory}'", nameof(options));
        var channel = Channel.CreateBounded<FeatureRows>(new BoundedChannelOptions(options.Prefetch)
        {
            SingleReader = true,
            SingleWriter = true,
        });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var producer = Task.Run(() => ProduceAsync(table, options, epoch, channel.Writer, stop.Token), stop.Token);
        FeatureRows? lent = null;
        try
        {
            await foreach (var batch in channel.Reader.ReadAllAsync(ct))
            {
                // The consumer asked for this batch, so it is done with the previous one.
                if (lent is not null) options.Buffers!.Return(lent);
                lent = options.Buffers is null ? null : batch;
                yield return batch;
            }
        }
        finally
        {
            if (lent is not null) options.Buffers!.Return(lent);
            stop.Cancel();
            try { await producer; }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
        }
        await producer;
    }

    /// <summary>
    /// One epoch as labelled or unlabelled tensor batches for synchronous consumers (calibration, scoring loops): one
    /// batch alive at a time, disposed when the consumer moves to the next.
    /// </summary>
    public static IEnumerable<FeatureBatch> Batches(FeatureTable table, BatchStreamOptions options, int epoch = 0, CancellationToken ct = default)
    {
        foreach (var rows in ReadAsync(table, options, epoch, ct).ToBlockingEnumerable(ct))
        {
            using var batch = rows.ToBatch(table.Layout);
            yield return batch;
        }
    }

    /// <summary>Seed of epoch <paramref name="epoch"/>'s order: mixes the run seed and the epoch.</summary>
    public static int EpochSeed(long seed, int epoch) => unchecked((int)ValidationSplit.Mix((ulong)seed * 1_000_003UL + (ulong)epoch));

    private static async Task ProduceAsync(FeatureTable table, BatchStreamOptions options, int epoch, ChannelWriter<FeatureRows> writer, CancellationToken ct)
    {
        using var stopDecoder = CancellationTokenSource.CreateLinkedTokenSource(ct);
        Task? decoder = null;
        try
        {
            var random = new Random(EpochSeed(options.Seed, epoch));
            var groups = table.RowGroups.ToArray();
            if (options.Shuffle) random.Shuffle(groups);
            // Row groups are decoded on their own task, up to one shuffle buffer ahead: the next buffer is then ready when
            // the current one's batches are consumed, instead of the consumer waiting for it at every refill.
            var decoded = Channel.CreateBounded<FeatureRows>(new BoundedChannelOptions(options.ShuffleRowGroups)
            {
                SingleReader = true,
                SingleWriter = true,
            });
            decoder = Task.Run(() => DecodeAsync(table, groups, options.DecodeCache, options.Buffers, decoded.Writer, stopDecoder.Token), stopDecoder.Token);
            await using var decodedGroups = decoded.Reader.ReadAllAsync(ct).GetAsyncEnumerator(ct);
            var pool = new List<(FeatureRows Rows, int Row)>();
            var held = new List<FeatureRows>();
            var layout = table.Layout;
            for (int start = 0; start < groups.Length; start += options.ShuffleRowGroups)
            {
                int end = Math.Min(start + options.ShuffleRowGroups, groups.Length);
                for (int g = start; g < end; g++)
                {
                    if (!await decodedGroups.MoveNextAsync())
                        throw new InvalidOperationException($"The decoder stopped after {g} of {groups.Length} row groups of '{table.Directory}'");
                    var rows = decodedGroups.Current;
                    held.Add(rows);
                    for (int r = 0; r < rows.Count; r++)
                        if (options.Keep is null || options.Keep(rows.UserIds[r])) pool.Add((rows, r));
                }
                if (options.Shuffle) random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(pool));
                int taken = 0;
                while (pool.Count - taken >= options.BatchSize)
                {
                    await writer.WriteAsync(Gather(layout, pool, taken, options.BatchSize, options.Buffers), ct);
                    taken += options.BatchSize;
                }
                pool.RemoveRange(0, taken);
                if (options.Buffers is not null) ReturnGathered(options.Buffers, held, pool);
            }
            if (pool.Count > 0) await writer.WriteAsync(Gather(layout, pool, 0, pool.Count, options.Buffers), ct);
            pool.Clear();
            if (options.Buffers is not null) ReturnGathered(options.Buffers, held, pool);
            writer.Complete();
        }
        catch (Exception e)
        {
            writer.TryComplete(e);
        }
        finally
        {
            stopDecoder.Cancel();
            if (decoder is not null) await decoder;
        }
    }

    /// <summary>
    /// Decodes the row groups in the given order into <paramref name="writer"/> (served from <paramref name="cache"/> when
    /// it has them, stored in it when decoded); a failure completes the writer with the error.
    /// </summary>
    private static async Task DecodeAsync(FeatureTable table, RowGroupRef[] groups, DecodedRowCache? cache, FeatureRowsPool? buffers,
        ChannelWriter<FeatureRows> writer, CancellationToken ct)
    {
        try
        {
            // The reader opens a shard only when a row group of it is decoded: a fully cached epoch opens no Parquet file.
            await using var reader = table.CreateReader(buffers);
            foreach (var group in groups)
            {
                var rows = cache?.TryRead(group, buffers);
                if (rows is null)
                {
                    rows = await reader.ReadAsync(group, ct);
                    cache?.Write(group, rows);
                }
                await writer.WriteAsync(rows, ct);
            }
            writer.Complete();
        }
        catch (Exception e)
        {
            writer.TryComplete(e);
        }
    }

    /// <summary>Copies the pooled rows [start, start + count) into one batch (every element written: no zeroing).</summary>
    private static FeatureRows Gather(FeatureLayout layout, List<(FeatureRows Rows, int Row)> pool, int start, int count, FeatureRowsPool? buffers)
    {
        int fn = layout.NumericCount, fc = layout.CategoricalCount, fs = layout.SequenceWidth;
        bool labelled = pool[start].Rows.Label is not null;
        var batch = buffers?.Rent(count, labelled) ?? FeatureRows.Uninitialized(count, layout, labelled);
        for (int i = 0; i < count; i++)
        {
            var (rows, r) = pool[start + i];
            batch.UserIds[i] = rows.UserIds[r];
            rows.Numeric.AsSpan(r * fn, fn).CopyTo(batch.Numeric.AsSpan(i * fn, fn));
            rows.Categorical.AsSpan(r * fc, fc).CopyTo(batch.Categorical.AsSpan(i * fc, fc));
            rows.Sequence.AsSpan(r * fs, fs).CopyTo(batch.Sequence.AsSpan(i * fs, fs));
            if (labelled) batch.Label![i] = rows.Label![r];
        }
        return batch;
    }

    /// <summary>Returns the decoded row groups none of whose rows wait in <paramref name="pool"/> any more (all copied into batches).</summary>
    private static void ReturnGathered(FeatureRowsPool buffers, List<FeatureRows> held, List<(FeatureRows Rows, int Row)> pool)
    {
        var waiting = new HashSet<FeatureRows>(ReferenceEqualityComparer.Instance);
        foreach (var (rows, _) in pool) waiting.Add(rows);
        foreach (var rows in held)
            if (!waiting.Contains(rows)) buffers.Return(rows);
        held.RemoveAll(rows => !waiting.Contains(rows));
    }
}
