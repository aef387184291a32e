using CcOrNet.Synthetic.Population;
using Parquet;

namespace CcOrNet.Synthetic.Output;

/// <summary>One shard's users file, buffered column by column (<see cref="RowGroupFileWriter"/>).</summary>
internal sealed class UsersShardWriter : RowGroupFileWriter
{
    private readonly UserColumns _columns;

    private UsersShardWriter((Stream, ParquetWriter) file, UserColumns columns) : base(file, columns.Capacity) => _columns = columns;

    public static async Task<UsersShardWriter> CreateAsync(string path, UserColumns columns, CancellationToken ct) =>
        new(await OpenAsync(path, LakeSchemas.Users, ct), columns);

    public async ValueTask AppendAsync(UserProfile user, CancellationToken ct)
    {
        UserColumns c = _columns;
        int i = Buffered;
        c.UserIds[i] = user.UserId;
        c.Signups[i] = ParquetFiles.ToUtc(user.SignupDay);
        c.Countries[i] = user.Country.Code;
        c.Platforms[i] = user.Platform;
        c.Acquisitions[i] = user.Acquisition.Name;
        c.Ages[i] = user.Age;
        await RowFilledAsync(ct);
    }

    protected override async Task WriteColumnsAsync(ParquetRowGroupWriter group, int n, CancellationToken ct)
    {
        UserColumns c = _columns;
        await group.WriteAsync(LakeSchemas.UserId, new ReadOnlyMemory<long>(c.UserIds, 0, n), cancellationToken: ct);
        await group.WriteAsync(LakeSchemas.SignupTime, new ReadOnlyMemory<DateTime>(c.Signups, 0, n), cancellationToken: ct);
        await group.WriteAsync(LakeSchemas.Country, new ArraySegment<string>(c.Countries, 0, n));
        await group.WriteAsync(LakeSchemas.Platform, new ArraySegment<string>(c.Platforms, 0, n));
        await group.WriteAsync(LakeSchemas.AcquisitionChannel, new ArraySegment<string>(c.Acquisitions, 0, n));
        await group.WriteAsync(LakeSchemas.Age, new ReadOnlyMemory<int>(c.Ages, 0, n), cancellationToken: ct);
    }
}
