namespace CcOrNet.Engines;

/// <summary>A column of a relation as the engine sees it.</summary>
/// <param name="Name">Column name.</param>
/// <param name="EngineType">Type as the engine spells it, e.g. <c>BIGINT</c>.</param>
/// <param name="Kind">Engine-neutral family.</param>
public sealed record ColumnInfo(string Name, string EngineType, ColumnKind Kind)
{
    public bool IsNumeric => Kind is ColumnKind.Integer or ColumnKind.Real;
}
