namespace CcOrNet.Synthetic.Population;

/// <summary>
/// One user: the static attributes written to the users table and the hidden latents that drive
/// their events. Rates are per day in an ordinary (active, off-season) regime.
/// </summary>
internal sealed record UserProfile
{
    public required long UserId { get; init; }
    /// <summary>Days since the history start (fractional: time of day included).</summary>
    public required double SignupDay { get; init; }
    public required Country Country { get; init; }
    public required string Platform { get; init; }
    public required AcquisitionChannel Acquisition { get; init; }
    public required int Age { get; init; }

    /// <summary>Purchases per active day; 0 for users who never buy.</summary>
    public required double PurchaseRate { get; init; }
    public required double SessionRate { get; init; }
    /// <summary>Median basket value before category and per-purchase noise.</summary>
    public required double SpendScale { get; init; }
    /// <summary>Days from sign-up until the user leaves for good.</summary>
    public required double LifetimeDays { get; init; }
    public required int FavoriteCategory { get; init; }
    /// <summary>Probability that an event is in the favourite category.</summary>
    public required double FavoriteShare { get; init; }
    /// <summary>Cumulative weights of app, web, store for purchases.</summary>
    public required double[] PurchaseChannelCumulative { get; init; }
    /// <summary>Probability that a session happens in the app rather than on the web.</summary>
    public required double AppSessionShare { get; init; }
    public required bool IsWhale { get; init; }
}
