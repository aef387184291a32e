using CcOrNet.Synthetic.Behaviour;
using CcOrNet.Synthetic.Population;
using CcOrNet.Synthetic.Randomness;

namespace CcOrNet.Synthetic.Output;

/// <summary>Generates one shard: a contiguous range of user ids into one events and one users file.</summary>
internal static class ShardGenerator
{
    /// <summary>Users between progress reports and cancellation checks.</summary>
    private const int ReportEvery = 8_192;

    /// <summary>Ids of shard <paramref name="shard"/>: <c>(shard*users/shards, (shard+1)*users/shards]</c>.</summary>
    public static (long FirstId, long EndId) UserRange(int shard, int shards, long users) =>
        (shard * users / shards + 1, (shard + 1) * users / shards + 1);

    /// <returns>Event rows written.</returns>
    public static async Task<long> RunAsync(
        long firstId, long endId, ulong seed, (EventColumns Events, UserColumns Users) buffers, string eventsPath, string usersPath,
        Action<long> usersDone, CancellationToken ct)
    {
        await using EventsShardWriter events = await EventsShardWriter.CreateAsync(eventsPath, buffers.Events, ct);
        await using UsersShardWriter users = await UsersShardWriter.CreateAsync(usersPath, buffers.Users, ct);
        var scratch = new List<SimulatedEvent>(256);
        int pending = 0;
        for (long id = firstId; id < endId; id++)
        {
            var random = new UserRandom(seed, id);
            UserProfile user = UserSampler.Sample(id, ref random);
            EventSimulator.Simulate(user, ref random, scratch);
            await users.AppendAsync(user, ct);
            await events.AppendAsync(id, scratch, ct);
            if (++pending == ReportEvery)
            {
                ct.ThrowIfCancellationRequested();
                usersDone(pending);
                pending = 0;
            }
        }
        await users.CompleteAsync(ct);
        await events.CompleteAsync(ct);
        usersDone(pending);
        return events.Rows;
    }
}
