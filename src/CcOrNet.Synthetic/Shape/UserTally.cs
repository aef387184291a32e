namespace CcOrNet.Synthetic.Shape;

/// <summary>What <see cref="LabelShape"/> accumulates per user while streaming the lake.</summary>
internal struct UserTally
{
    /// <summary>Signed up before the cutoff or has an event before it.</summary>
    public bool Known;
    /// <summary>Net amount in the observation window.</summary>
    public double PastSpend;
    /// <summary>Net amount in the horizon (floored at 0 when read out).</summary>
    public double Horizon;
    /// <summary>Bought in the quiet window just before the cutoff.</summary>
    public bool RecentPurchase;
}
