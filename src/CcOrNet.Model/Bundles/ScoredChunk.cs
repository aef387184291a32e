using CcOrNet.Model.Models;

namespace CcOrNet.Model.Bundles;

/// <summary>Predictions for a chunk of users, aligned with <see cref="UserIds"/>; <see cref="Labels"/> when the table has them.</summary>
public sealed record ScoredChunk(long[] UserIds, Predictions Predictions, float[]? Labels)
{
    public int Count => UserIds.Length;
}
