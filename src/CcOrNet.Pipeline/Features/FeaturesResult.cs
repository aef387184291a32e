using CcOrNet.Core.Features;

namespace CcOrNet.Pipeline.Features;

/// <summary>What <see cref="FeaturesJob"/> wrote.</summary>
/// <param name="OutputDirectory">The committed features folder.</param>
/// <param name="Manifest">Its manifest (rows, shards, schema).</param>
/// <param name="Elapsed">Wall time of the job.</param>
public sealed record FeaturesResult(string OutputDirectory, FeatureManifest Manifest, TimeSpan Elapsed)
{
    public long Rows => Manifest.Rows;
    public bool HasLabel => Manifest.HasLabel;
}
