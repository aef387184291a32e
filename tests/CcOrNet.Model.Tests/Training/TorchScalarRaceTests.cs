using System.Runtime.InteropServices;
using CcOrNet.Model.Training;

namespace CcOrNet.Model.Tests.Training;

public sealed class TorchScalarRaceTests
{
    private const string FreedScalar = "Expected false to be true, but got false.\nException raised from toFloat at /pytorch/c10/core/Scalar.h:140";

    // As thrown by a pow(Tensor, Scalar) whose Scalar was finalized mid-call (a quality-bench run, 2026-12-05).
    private const string GarbageScalarTag = "Unknown scalar type. Exception raised from type at /pytorch/c10/core/Scalar.h:339 (most recent call first):";

    [Fact]
    public void IsTransient_FreedScalarNativeError_True()
    {
        Assert.True(TorchScalarRace.IsTransient(new ExternalException(FreedScalar)));
        Assert.True(TorchScalarRace.IsTransient(new ExternalException(GarbageScalarTag)));
    }

    [Fact]
    public void IsTransient_OtherNativeErrorOrOtherType_False()
    {
        Assert.False(TorchScalarRace.IsTransient(new ExternalException("std::bad_alloc")));
        Assert.False(TorchScalarRace.IsTransient(new ExternalException("Expected false to be true, but got false. from sizes()")));
        Assert.False(TorchScalarRace.IsTransient(new InvalidOperationException(FreedScalar)));
        Assert.False(TorchScalarRace.IsTransient(new ExternalException("Unknown scalar type in my own check")));
    }

    [Fact]
    public void FirstLine_NativeErrorWithStack_KeepsTheFirstLine()
    {
        Assert.Equal("Expected false to be true, but got false.", TorchScalarRace.FirstLine(new ExternalException(FreedScalar)));
    }
}
