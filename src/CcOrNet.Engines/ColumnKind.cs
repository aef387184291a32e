namespace CcOrNet.Engines;

/// <summary>Engine-neutral family of a column type, enough to check an input's schema.</summary>
public enum ColumnKind
{
    Integer,
    /// <summary>Floating point or decimal.</summary>
    Real,
    Text,
    Timestamp,
    Date,
    Boolean,
    Other,
}
