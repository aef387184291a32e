using CcOrNet.Core.Features;

namespace CcOrNet.Engines.Sql;

/// <summary>
/// The users whose <see cref="ShardHash"/> over <see cref="Count"/> buckets is <see cref="Index"/>:
/// one of <see cref="Count"/> disjoint slices that together hold every user. The features job
/// aggregates one slice per pass so that each pass holds the state of a fraction of the users.
/// </summary>
/// <remarks>
/// Same hash as the shards: a slice holds whole shards when <see cref="Count"/> divides the shard
/// count (user u is in shard h(u) mod S and in slice h(u) mod P, and P | S).
/// </remarks>
public sealed record UserSlice
{
    public UserSlice(int index, int count)
    {
        if (count < 1 || index < 0 || index >= count)
            throw new ArgumentOutOfRangeException(nameof(index), $"Slice {index} of {count}: expected count >= 1 and 0 <= index < count");
        Index = index;
        Count = count;
    }

    public int Index { get; }

    public int Count { get; }
}
