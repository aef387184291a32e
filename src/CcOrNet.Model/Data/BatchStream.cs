using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace CcOrNet.Model.Data;

/// <summary>
/// Streams one epoch of a <see cref="FeatureTable"/> as batches of <see cref="FeatureRows"/>: a background task reads
/// and decodes row groups (Parquet -> normalised arrays) into a bounded channel, so decoding overlaps with the
/// consumer's training step. Every kept row appears exactly once per epoch; memory is bounded by
/// <see cref="BatchStreamOptions.ShuffleRowGroups"/> row groups plus <see cref="BatchStreamOptions.Prefetch"/> batches.
/// </summary>
public static class BatchStream
{
    /// <summary>The batches of epoch <paramref name="epoch"/> (0-based), in a seeded order that depends only on (seed, epoch).</summary>
    public static async IAsyncEnumerable<FeatureRows> ReadAsync(
        FeatureTable table, BatchStreamOptions options, int epoch, [EnumeratorCancellation] CancellationToken ct = default)
    {
        options.Validate();
        var channel = Channel.CreateBounded<FeatureRows>(new BoundedChannelOptions(options.Prefetch)
        {
            SingleReader = true,
            SingleWriter = true,
        });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var producer = Task.Run(() => ProduceAsync(table, options, epoch, channel.Writer, stop.Token), stop.Token);
        try
        {
            await foreach (var batch in channel.Reader.ReadAllAsync(ct))
                yield return batch;
        }
        finally
        {
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
        try
        {
            var random = new Random(EpochSeed(options.Seed, epoch));
            var groups = table.RowGroups.ToArray();
            if (options.Shuffle) random.Shuffle(groups);
            var pool = new List<(FeatureRows Rows, int Row)>();
            var layout = table.Layout;
            await using var reader = table.CreateReader();
            for (int start = 0; start < groups.Length; start += options.ShuffleRowGroups)
            {
                int end = Math.Min(start + options.ShuffleRowGroups, groups.Length);
                for (int g = start; g < end; g++)
                {
                    var rows = await reader.ReadAsync(groups[g], ct);
                    for (int r = 0; r < rows.Count; r++)
                        if (options.Keep is null || options.Keep(rows.UserIds[r])) pool.Add((rows, r));
                }
                if (options.Shuffle) random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(pool));
                int taken = 0;
                while (pool.Count - taken >= options.BatchSize)
                {
                    await writer.WriteAsync(Gather(layout, pool, taken, options.BatchSize), ct);
                    taken += options.BatchSize;
                }
                pool.RemoveRange(0, taken);
            }
            if (pool.Count > 0) await writer.WriteAsync(Gather(layout, pool, 0, pool.Count), ct);
            writer.Complete();
        }
        catch (Exception e)
        {
            writer.TryComplete(e);
        }
    }

    private static FeatureRows Gather(FeatureLayout layout, List<(FeatureRows Rows, int Row)> pool, int start, int count)
    {
        int fn = layout.NumericCount, fc = layout.CategoricalCount, fs = layout.SequenceChannels * layout.SequenceDays;
        bool labelled = pool[start].Rows.Label is not null;
        var batch = new FeatureRows(count, new long[count], new float[count * fn], new long[count * fc], new float[count * fs],
            labelled ? new float[count] : null);
        for (int i = 0; i < count; i++)
        {
            var (rows, r) = pool[start + i];
            batch.UserIds[i] = rows.UserIds[r];
            Array.Copy(rows.Numeric, r * fn, batch.Numeric, i * fn, fn);
            Array.Copy(rows.Categorical, r * fc, batch.Categorical, i * fc, fc);
            Array.Copy(rows.Sequence, r * fs, batch.Sequence, i * fs, fs);
            if (labelled) batch.Label![i] = rows.Label![r];
        }
        return batch;
    }
}
