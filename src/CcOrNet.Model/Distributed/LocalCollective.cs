namespace CcOrNet.Model.Distributed;

/// <summary>The group of one: every collective is a no-op, so a single worker runs the same code path.</summary>
public sealed class LocalCollective : ICollective
{
    public static LocalCollective Instance { get; } = new();

    private LocalCollective() { }

    public int Rank => 0;

    public int Size => 1;

    public void AllReduceSum(float[] values) { }

    public void AllReduceSum(double[] values) { }

    public void Broadcast(float[] values, int root = 0)
    {
        if (root != 0) throw new ArgumentOutOfRangeException(nameof(root), root, "A group of one has only rank 0.");
    }

    public void Barrier(TimeSpan? timeout = null) { }
}
