namespace CcOrNet.Engines.Sql;

/// <summary>One event attribute's spend shares: one column per frequent value plus <c>__other</c>.</summary>
/// <param name="OutputName">Sanitised attribute name used in column names.</param>
/// <param name="Values">Frequent values, each with its own share column.</param>
public sealed record AttributeShares(string OutputName, IReadOnlyList<string> Values);
