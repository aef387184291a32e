namespace CcOrNet.Engines.Tests.Spark;

/// <summary>
/// A test against a real Spark Connect server: runs when <c>SPARK_REMOTE</c> holds its address
/// (e.g. <c>sc://localhost:15002</c>), and is skipped with a message saying so otherwise. With
/// <see cref="SharedFileSystem"/>, it also needs <c>CCORNET_SPARK_SHARED_FS=1</c>: the server sees
/// this machine's temp folder at the same path (local mode, or a shared mount).
/// </summary>
public sealed class SparkFactAttribute : FactAttribute
{
    public const string RemoteVariable = "SPARK_REMOTE";
    public const string SharedFileSystemVariable = "CCORNET_SPARK_SHARED_FS";

    public static string? Remote => Environment.GetEnvironmentVariable(RemoteVariable) is { Length: > 0 } remote ? remote : null;

    public SparkFactAttribute()
    {
        if (Remote is null)
            Skip = $"{RemoteVariable} is not set: no Spark Connect server to test against (see infra/spark/README.md)";
    }

    public bool SharedFileSystem
    {
        get => false;
        init
        {
            if (value && Skip is null && Environment.GetEnvironmentVariable(SharedFileSystemVariable) != "1")
                Skip = $"{SharedFileSystemVariable}=1 is not set: the Spark server may not see this machine's files";
        }
    }
}
