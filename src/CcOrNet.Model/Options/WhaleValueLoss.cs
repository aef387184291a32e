namespace CcOrNet.Model.Options;

/// <summary>The loss the high-value head's whale value is trained with, on the true top-bucket users.</summary>
public enum WhaleValueLoss
{
    /// <summary>
    /// Mean of |v - y| / y (the paper's choice). Its minimiser is a median weighted by 1/y, which on a heavy tail sits
    /// well below the mean: the head then pulls whales' values down (measured: whale AMBE +8 % against no head).
    /// </summary>
    RelativeError,

    /// <summary>
    /// Relative squared error sum (v - y)^2 / sum y^2 over the batch's whales (y &gt; 0 in the top bucket): scale-free like
    /// the relative error, but minimised by the conditional mean, so the head does not bias whale values. The default
    /// since session 5 (measured: whale AMBE -9 % against no head before calibration, value captured in the top 1 % up).
    /// </summary>
    RelativeSquaredError,
}
