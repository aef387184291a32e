namespace CcOrNet.Core.Thresholds;

/// <summary>Standardisation of one numeric feature: <c>(transform(x) - Mean) / Std</c>.</summary>
/// <param name="Transform">Applied before standardising.</param>
/// <param name="Mean">Mean of the transformed values.</param>
/// <param name="Std">Population standard deviation of the transformed values; 1 when they are constant.</param>
public sealed record Normalisation(FeatureTransform Transform, double Mean, double Std)
{
    public static double Apply(FeatureTransform transform, double x) => transform switch
    {
        FeatureTransform.SignedLog1p => Math.Sign(x) * Math.Log(1 + Math.Abs(x)),
        _ => x,
    };

    /// <summary>The standardised value of a raw feature value.</summary>
    public double Normalise(double x) => (Apply(Transform, x) - Mean) / Std;
}
