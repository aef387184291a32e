namespace CcOrNet.Pipeline.Training;

/// <summary>How <see cref="TrainJob"/> runs its data-parallel workers.</summary>
public enum TrainDistribution
{
    /// <summary>Worker tasks in this process (<c>--workers N</c>), gradients summed in shared memory.</summary>
    InProcess,

    /// <summary>One worker per MPI process: <c>mpirun -np N ccornet train --dist mpi ...</c> (Open MPI).</summary>
    Mpi,
}
