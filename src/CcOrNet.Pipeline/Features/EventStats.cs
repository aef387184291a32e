using CcOrNet.Core.Tasks;

namespace CcOrNet.Pipeline.Features;

/// <summary>What the input check learnt about the events table.</summary>
internal sealed record EventStats(long Rows, DateTime First, DateTime Last)
{
    public DateOnly FirstDay => DateOnly.FromDateTime(First);
    public DateOnly LastDay => DateOnly.FromDateTime(Last);

    /// <summary>True when the data reaches the horizon's last day, so the label is complete.</summary>
    public bool CoversHorizon(PredictionTask task) => LastDay >= task.HorizonEnd.AddDays(-1);
}
