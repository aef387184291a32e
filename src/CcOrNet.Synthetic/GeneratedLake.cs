using CcOrNet.Core.Tasks;

namespace CcOrNet.Synthetic;

/// <summary>What <see cref="LakeGenerator.RunAsync"/> wrote.</summary>
/// <param name="Directory">The committed lake folder.</param>
/// <param name="EventsDirectory">Folder of <c>part-NNNNN.parquet</c> event shards.</param>
/// <param name="UsersDirectory">Folder of <c>part-NNNNN.parquet</c> user shards.</param>
/// <param name="ManifestPath">The <c>generate.json</c> file.</param>
/// <param name="Users">Rows of the users table.</param>
/// <param name="EventRows">Rows of the events table.</param>
/// <param name="Shards">Files per table.</param>
/// <param name="Task">The default task on this data.</param>
/// <param name="Elapsed">Wall time of the run.</param>
public sealed record GeneratedLake(
    string Directory,
    string EventsDirectory,
    string UsersDirectory,
    string ManifestPath,
    long Users,
    long EventRows,
    int Shards,
    PredictionTask Task,
    TimeSpan Elapsed);
