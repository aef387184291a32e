namespace CcOrNet.Synthetic.Output;

/// <summary>
/// One row group of event columns. A worker allocates it once and reuses it for every shard it
/// writes, so memory stays flat however many shards there are.
/// </summary>
internal sealed class EventColumns(int capacity)
{
    public long[] UserIds { get; } = new long[capacity];
    public DateTime[] Times { get; } = new DateTime[capacity];
    public string[] Types { get; } = new string[capacity];
    public double[] Amounts { get; } = new double[capacity];
    public string[] Categories { get; } = new string[capacity];
    public string[] Channels { get; } = new string[capacity];

    public int Capacity => UserIds.Length;
}
