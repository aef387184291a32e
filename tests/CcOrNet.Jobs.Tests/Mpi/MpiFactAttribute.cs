using CcOrNet.Model.Distributed;

namespace CcOrNet.Jobs.Tests.Mpi;

/// <summary>
/// A fact that needs Open MPI (<c>mpirun</c> and <c>libmpi.so.40</c>); skipped at discovery, with the reason, where it is
/// missing. <c>.ci/run</c> installs it, so CI runs these tests.
/// </summary>
public sealed class MpiFactAttribute : FactAttribute
{
    public MpiFactAttribute()
    {
        if (MpiRun.FindMpirun() is null)
            Skip = "Open MPI's mpirun is not on PATH: MPI tests skipped (apt-get install openmpi-bin libopenmpi-dev; .ci/run does it)";
        else if (!MpiCollective.IsAvailable(out string reason))
            Skip = $"MPI tests skipped: {reason}";
    }
}
