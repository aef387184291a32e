using CcOrNet.Synthetic.Behaviour;
using Parquet;

namespace CcOrNet.Synthetic.Output;

/// <summary>One shard's events file, buffered column by column (<see cref="RowGroupFileWriter"/>).</summary>
internal sealed class EventsShardWriter : RowGroupFileWriter
{
    private readonly EventColumns _columns;

    private EventsShardWriter((Stream, ParquetWriter) file, EventColumns columns) : base(file, columns.Capacity) => _columns = columns;

    public static async Task<EventsShardWriter> CreateAsync(string path, EventColumns columns, CancellationToken ct) =>
        new(await OpenAsync(path, LakeSchemas.Events, ct), columns);

    /// <summary>Appends one user's events (already in time order).</summary>
    public async ValueTask AppendAsync(long userId, List<SimulatedEvent> events, CancellationToken ct)
    {
        EventColumns c = _columns;
        foreach (SimulatedEvent e in events)
        {
            int i = Buffered;
            c.UserIds[i] = userId;
            c.Times[i] = ParquetFiles.ToUtc(e.Day);
            c.Types[i] = e.EventType;
            c.Amounts[i] = e.Amount;
            c.Categories[i] = e.Category;
            c.Channels[i] = e.Channel;
            await RowFilledAsync(ct);
        }
    }

    protected override async Task WriteColumnsAsync(ParquetRowGroupWriter group, int n, CancellationToken ct)
    {
        EventColumns c = _columns;
        await group.WriteAsync(LakeSchemas.EventUserId, new ReadOnlyMemory<long>(c.UserIds, 0, n), cancellationToken: ct);
        await group.WriteAsync(LakeSchemas.EventTime, new ReadOnlyMemory<DateTime>(c.Times, 0, n), cancellationToken: ct);
        await group.WriteAsync(LakeSchemas.EventType, new ArraySegment<string>(c.Types, 0, n));
        await group.WriteAsync(LakeSchemas.Amount, new ReadOnlyMemory<double>(c.Amounts, 0, n), cancellationToken: ct);
        await group.WriteAsync(LakeSchemas.Category, new ArraySegment<string>(c.Categories, 0, n));
        await group.WriteAsync(LakeSchemas.Channel, new ArraySegment<string>(c.Channels, 0, n));
    }
}
