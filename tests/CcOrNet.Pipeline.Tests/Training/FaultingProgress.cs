using System.Runtime.InteropServices;
using CcOrNet.Core.Jobs;

namespace CcOrNet.Pipeline.Tests.Training;

/// <summary>
/// Progress sink that throws <paramref name="fault"/> at the first step of epoch <paramref name="epoch"/> (after that
/// step has updated the weights and Adam), <paramref name="times"/> times: the training loop reports progress
/// synchronously after every step, so the exception leaves the epoch mid-way as a native failure would.
/// </summary>
internal sealed class FaultingProgress(int epoch, int times, Func<Exception> fault) : IProgress<JobProgress>
{
    /// <summary>The message TorchSharp 0.107 gives when libtorch reads a freed Scalar.</summary>
    public const string ScalarRaceMessage =
        "Expected false to be true, but got false.  (Could this error message be improved?  If so, please report an enhancement request to PyTorch.)\nException raised from toFloat at /pytorch/c10/core/Scalar.h:140";

    public static Exception ScalarRace() => new ExternalException(ScalarRaceMessage);

    public int Thrown { get; private set; }

    public void Report(JobProgress value)
    {
        if (Thrown < times && value.Step.StartsWith($"epoch {epoch}/", StringComparison.Ordinal) && value.Done > 0)
        {
            Thrown++;
            throw fault();
        }
    }
}
