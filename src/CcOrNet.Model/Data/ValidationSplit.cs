namespace CcOrNet.Model.Data;

/// <summary>
/// Deterministic train/validation split by user: a user is in validation when SplitMix64(user_id ^ salt) % 100 is
/// below <paramref name="Percent"/>. Independent of the shard hash (a different mixing function), stable across
/// runs, shards and epochs.
/// </summary>
/// <param name="Percent">Share of users in validation, 0..99.</param>
/// <param name="Salt">Changes which users are held out without changing the share.</param>
public sealed record ValidationSplit(int Percent = 10, ulong Salt = 0)
{
    public bool IsValidation(long userId) => Mix((ulong)userId ^ Salt) % 100 < (ulong)Percent;

    /// <summary>The SplitMix64 finaliser (Steele, Lea, Flood 2014): a bijective 64-bit mix.</summary>
    public static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
