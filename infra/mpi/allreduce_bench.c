/* Times MPI_Allreduce (in place, float, sum) of one gradient buffer, as DataParallelTrainer calls it per step.
   Build: mpicc -O2 -o /tmp/allreduce_bench allreduce_bench.c
   Run:   mpirun -np 2 /tmp/allreduce_bench 135000 1000      (floats, iterations) */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int count = argc > 1 ? atoi(argv[1]) : 135000;
    int iterations = argc > 2 ? atoi(argv[2]) : 1000;
    float *buffer = malloc(sizeof(float) * (size_t)count);
    for (int i = 0; i < count; i++) buffer[i] = (float)rank;
    for (int i = 0; i < 10; i++) MPI_Allreduce(MPI_IN_PLACE, buffer, count, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD);
    MPI_Barrier(MPI_COMM_WORLD);
    double start = MPI_Wtime();
    for (int i = 0; i < iterations; i++) MPI_Allreduce(MPI_IN_PLACE, buffer, count, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD);
    double seconds = MPI_Wtime() - start;
    if (rank == 0)
        printf("%d ranks, %d floats (%.2f MB): %.3f ms per all-reduce over %d iterations\n",
               size, count, count * 4.0 / 1e6, 1e3 * seconds / iterations, iterations);
    free(buffer);
    MPI_Finalize();
    return 0;
}
