namespace CcOrNet.Synthetic.Output;

/// <summary>One row group of users columns, reused across the shards a worker writes.</summary>
internal sealed class UserColumns(int capacity)
{
    public long[] UserIds { get; } = new long[capacity];
    public DateTime[] Signups { get; } = new DateTime[capacity];
    public string[] Countries { get; } = new string[capacity];
    public string[] Platforms { get; } = new string[capacity];
    public string[] Acquisitions { get; } = new string[capacity];
    public int[] Ages { get; } = new int[capacity];

    public int Capacity => UserIds.Length;
}
