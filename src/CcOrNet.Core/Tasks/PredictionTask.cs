namespace CcOrNet.Core.Tasks;

/// <summary>
/// An LTV task: features from the observation window <c>[AsOf - ObservationDays, AsOf)</c>, label from
/// the horizon <c>[AsOf, AsOf + HorizonDays)</c>. Days are UTC calendar days.
/// </summary>
public readonly record struct PredictionTask
{
    public PredictionTask(DateOnly asOf, int observationDays, int horizonDays)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(observationDays, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(horizonDays, 1);
        AsOf = asOf;
        ObservationDays = observationDays;
        HorizonDays = horizonDays;
    }

    /// <summary>The cutoff T: nothing at or after it reaches a feature.</summary>
    public DateOnly AsOf { get; }
    public int ObservationDays { get; }
    public int HorizonDays { get; }

    /// <summary>First day of the observation window (inclusive).</summary>
    public DateOnly ObservationStart => AsOf.AddDays(-ObservationDays);

    /// <summary>First day after the horizon (exclusive end of the label window).</summary>
    public DateOnly HorizonEnd => AsOf.AddDays(HorizonDays);

    public override string ToString() => $"as of {AsOf:yyyy-MM-dd}, {ObservationDays}d observation, {HorizonDays}d horizon";
}
