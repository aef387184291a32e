using CcOrNet.Lake.Retries;

namespace CcOrNet.Lake.Tests.Retries;

public sealed class LakeRetryTests
{
    public static TheoryData<Exception, bool> Errors => new()
    {
        { new IOException("share busy"), true },
        { new TimeoutException("slow mount"), true },
        { new IOException("No space left on device", 28), false },
        { new FileNotFoundException("gone"), false },
        { new DirectoryNotFoundException("gone"), false },
        { new UnauthorizedAccessException("denied"), false },
        { new InvalidDataException("bad rows"), false },
        { new OperationCanceledException(), false },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void IsTransient_Error_OnlyPassingIoFailuresAreRetried(Exception error, bool transient) =>
        Assert.Equal(transient, LakeRetry.IsTransient(error));
}
