namespace CcOrNet.Core.Thresholds;

/// <summary>Transform applied to a numeric feature before standardising with its mean and std.</summary>
public enum FeatureTransform
{
    Identity,
    /// <summary><c>sign(x) * log1p(|x|)</c>: heavy-tailed money and counts (negative net spend keeps its sign).</summary>
    SignedLog1p,
}
