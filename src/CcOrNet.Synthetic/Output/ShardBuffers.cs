using System.Collections.Concurrent;

namespace CcOrNet.Synthetic.Output;

/// <summary>
/// Row-group buffers handed from shard to shard: at most one set per shard being written at once,
/// so memory depends on the parallelism and row-group size, never on the number of shards.
/// </summary>
internal sealed class ShardBuffers(int rowGroupRows)
{
    private readonly ConcurrentBag<(EventColumns, UserColumns)> _free = [];

    public (EventColumns Events, UserColumns Users) Rent() =>
        _free.TryTake(out var buffers) ? buffers : (new EventColumns(rowGroupRows), new UserColumns(rowGroupRows));

    public void Return((EventColumns Events, UserColumns Users) buffers) => _free.Add(buffers);
}
