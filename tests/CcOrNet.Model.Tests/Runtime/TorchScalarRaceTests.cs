using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using CcOrNet.Model.Runtime;

namespace CcOrNet.Model.Tests.Runtime;

[Collection("Torch")]
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
        Assert.True(TorchScalarRace.IsTransient(new ExternalException(
            "Expected false to be true, but got false. Exception raised from toDouble at /pytorch/c10/core/Scalar.h:140 (most recent call first):")));
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
    [Fact]
    public void Describe_NativeErrorFromTorchSharp_NamesOurMethodAndTheTorchCall()
    {
        var error = Assert.ThrowsAny<ExternalException>(MultiplyMismatchedShapes);

        string description = TorchScalarRace.Describe(error);

        Assert.StartsWith(TorchScalarRace.FirstLine(error), description);
        Assert.Contains("(in TorchScalarRaceTests.MultiplyMismatchedShapes, calling Tensor.reshape)", description);
    }

    [Fact]
    public async Task Describe_ThrownInsideAnAsyncMethod_NamesTheMethodNotItsStateMachine()
    {
        var error = await Assert.ThrowsAsync<ExternalException>(ThrowAfterYieldAsync);

        Assert.Equal("Expected false to be true, but got false. (in TorchScalarRaceTests.ThrowAfterYieldAsync)", TorchScalarRace.Describe(error));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void MultiplyMismatchedShapes()
    {
        using var a = TorchSharp.torch.ones(2, 3);
        using var b = TorchSharp.torch.ones(2, 3);
        using var product = a.reshape(5);
    }

    private static async Task ThrowAfterYieldAsync()
    {
        await Task.Yield();
        throw new ExternalException(FreedScalar);
    }

    [Fact]
    public void PrepareRetry_UnreachableObjectsWithFinalizers_AreFinalizedBeforeItReturns()
    {
        var finalized = new StrongBox<int>();
        AbandonFinalizable(finalized, count: 100);

        TorchScalarRace.PrepareRetry();

        Assert.Equal(100, Volatile.Read(ref finalized.Value));
    }

    // In its own method so no local keeps the objects alive when PrepareRetry runs.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AbandonFinalizable(StrongBox<int> finalized, int count)
    {
        for (int i = 0; i < count; i++) _ = new CountsItsFinalizer(finalized);
    }

    private sealed class CountsItsFinalizer(StrongBox<int> finalized)
    {
        ~CountsItsFinalizer() => Interlocked.Increment(ref finalized.Value);
    }
}
