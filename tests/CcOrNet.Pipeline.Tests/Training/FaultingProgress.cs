using System.Runtime.InteropServices;
using CcOrNet.Core.Jobs;

namespace CcOrNet.Pipeline.Tests.Training;

/// <summary>
/// Progress sink that throws <paramref name="fault"/> at the first report matching <paramref name="at"/>, <paramref name="times"/>
/// times. The jobs report progress synchronously from inside the work (after every training step, and at the start of each
/// inference pass), so the exception leaves that work mid-way as a native failure would.
/// </summary>
internal sealed class FaultingProgress(Func<JobProgress, bool> at, int times, Func<Exception> fault) : IProgress<JobProgress>
{
    /// <summary>Throws at the first step of epoch <paramref name="epoch"/>, after that step has updated the weights and Adam.</summary>
    public FaultingProgress(int epoch, int times, Func<Exception> fault)
        : this(p => p.Step.StartsWith($"epoch {epoch}/", StringComparison.Ordinal) && p.Done > 0, times, fault)
    {
    }

    /// <summary>Throws when the job reports the step named <paramref name="step"/>, e.g. "calibrate values".</summary>
    public static FaultingProgress AtStep(string step, int times, Func<Exception> fault) => new(p => p.Step == step, times, fault);

    /// <summary>The message TorchSharp 0.107 gives when libtorch reads a freed Scalar.</summary>
    public const string ScalarRaceMessage =
        "Expected false to be true, but got false.  (Could this error message be improved?  If so, please report an enhancement request to PyTorch.)\nException raised from toFloat at /pytorch/c10/core/Scalar.h:140";

    public static Exception ScalarRace() => new ExternalException(ScalarRaceMessage);

    public int Thrown { get; private set; }

    public void Report(JobProgress value)
    {
        if (Thrown < times && at(value))
        {
            Thrown++;
            throw fault();
        }
    }
}
