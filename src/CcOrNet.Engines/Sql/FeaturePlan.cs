using CcOrNet.Core.Tasks;

namespace CcOrNet.Engines.Sql;

/// <summary>What the feature query computes, after the inputs have been checked.</summary>
public sealed record FeaturePlan
{
    public required PredictionTask Task { get; init; }

    /// <summary>Days D of the daily sequence (last D days before the cutoff).</summary>
    public required int SequenceDays { get; init; }

    /// <summary>Compute the label <c>ltv</c> (the horizon is covered by the data).</summary>
    public required bool WithLabel { get; init; }

    /// <summary>Event attributes (column <c>a{i}</c> of the events view) and the values that get a spend share.</summary>
    public IReadOnlyList<AttributeShares> Attributes { get; init; } = [];

    /// <summary>True when a users table is joined.</summary>
    public bool WithUsers { get; init; }

    /// <summary>Output names of the users' categoricals (column <c>c{i}</c> of the users view).</summary>
    public IReadOnlyList<string> UserCategoricals { get; init; } = [];

    /// <summary>Output names of the users' numerics (column <c>n{i}</c> of the users view).</summary>
    public IReadOnlyList<string> UserNumerics { get; init; } = [];

    /// <summary>Compute only the users of this slice (one pass of a multi-pass run); null = every user.</summary>
    public UserSlice? Slice { get; init; }

    /// <summary>
    /// Read the events from <see cref="FeatureSql.EventsBySlice"/> (written partitioned by the
    /// slices of <see cref="Slice"/>) instead of the input view <see cref="FeatureSql.Events"/>.
    /// </summary>
    public bool EventsSliced { get; init; }
}
