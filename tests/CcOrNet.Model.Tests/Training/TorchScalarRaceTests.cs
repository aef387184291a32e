using System.Runtime.InteropServices;
using CcOrNet.Model.Training;

namespace CcOrNet.Model.Tests.Training;

public sealed class TorchScalarRaceTests
{
    private const string FreedScalar = "Expected false to be true, but got false.\nException raised from toFloat at /pytorch/c10/core/Scalar.h:140";

    [Fact]
    public void IsTransient_FreedScalarNativeError_True()
    {
        Assert.True(TorchScalarRace.IsTransient(new ExternalException(FreedScalar)));
    }

    [Fact]
    public void IsTransient_OtherNativeErrorOrOtherType_False()
    {
        Assert.False(TorchScalarRace.IsTransient(new ExternalException("std::bad_alloc")));
        Assert.False(TorchScalarRace.IsTransient(new ExternalException("Expected false to be true, but got false. from sizes()")));
        Assert.False(TorchScalarRace.IsTransient(new InvalidOperationException(FreedScalar)));
    }

    [Fact]
    public void FirstLine_NativeErrorWithStack_KeepsTheFirstLine()
    {
        Assert.Equal("Expected false to be true, but got false.", TorchScalarRace.FirstLine(new ExternalException(FreedScalar)));
    }
}
