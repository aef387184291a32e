namespace CcOrNet.SparkConnect;

/// <summary>
/// The rows of a query, decoded from Arrow: integers as <see cref="long"/>/<see cref="int"/>,
/// floating point as <see cref="double"/>/<see cref="float"/>, decimals as <see cref="decimal"/>,
/// timestamps as UTC <see cref="DateTime"/>, dates as <see cref="DateTime"/> at midnight, arrays as
/// <see cref="List{T}"/> of <see cref="object"/>; NULL as null.
/// </summary>
public sealed record SparkResult(IReadOnlyList<SparkColumn> Columns, IReadOnlyList<object?[]> Rows)
{
    /// <summary>The values of column <paramref name="name"/>, one per row.</summary>
    public IEnumerable<object?> Column(string name)
    {
        int index = Columns.ToList().FindIndex(c => c.Name == name);
        if (index < 0)
            throw new ArgumentException($"Result has no column '{name}'; columns: {string.Join(", ", Columns.Select(c => c.Name))}", nameof(name));
        return Rows.Select(r => r[index]);
    }
}
