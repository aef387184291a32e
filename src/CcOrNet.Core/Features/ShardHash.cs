namespace CcOrNet.Core.Features;

/// <summary>
/// The portable shard of a user: <c>((((user_id % P) + P) % P) * A) % P % shards</c> with
/// <c>P = 2147483647</c> (2^31 - 1, prime) and <c>A = 2654435761</c> (Knuth's multiplicative-hash
/// constant), all in signed 64-bit integer arithmetic with truncating <c>%</c>.
/// </summary>
/// <remarks>
/// The product stays below 2^63, so DuckDB, Spark SQL and C# give the same answer without overflow
/// (engine-specific <c>hash()</c> functions are not portable). Multiplying modulo a prime by a
/// constant larger than the prime spreads regular id patterns (consecutive ids, "all multiples of 8")
/// evenly over the shards.
/// </remarks>
public static class ShardHash
{
    public const long Modulus = 2147483647;
    public const long Multiplier = 2654435761;

    /// <summary>The shard in <c>[0, shards)</c> that holds <paramref name="userId"/>.</summary>
    public static int Of(long userId, int shards)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        long reduced = ((userId % Modulus) + Modulus) % Modulus;
        return (int)(reduced * Multiplier % Modulus % shards);
    }

    /// <summary>The shard's file name inside a features folder, e.g. <c>part-00003.parquet</c>.</summary>
    public static string FileName(int shard) => $"part-{shard:D5}.parquet";
}
