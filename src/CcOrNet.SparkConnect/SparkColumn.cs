namespace CcOrNet.SparkConnect;

/// <summary>A result column: its name and Arrow type (e.g. <c>int64</c>, <c>double</c>, <c>timestamp</c>, <c>list</c>).</summary>
public sealed record SparkColumn(string Name, string ArrowType);
