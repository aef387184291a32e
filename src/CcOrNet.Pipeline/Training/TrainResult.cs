using CcOrNet.Model.Bundles;

namespace CcOrNet.Pipeline.Training;

/// <summary>What <see cref="TrainJob"/> wrote and how it went.</summary>
/// <param name="OutputDirectory">The committed bundle folder.</param>
/// <param name="Manifest">The bundle's manifest (metrics, epochs, data fingerprint).</param>
/// <param name="Resumed">True when training continued from a checkpoint.</param>
/// <param name="TrainSamplesPerSecond">Training rows per second of wall time in training epochs (Parquet streaming included).</param>
/// <param name="Elapsed">Whole job.</param>
/// <param name="Rank">This worker's rank (an MPI process); only rank 0 wrote the bundle and the checkpoints.</param>
/// <param name="Workers">Data-parallel workers.</param>
/// <param name="CommunicationShare">Share of training time spent in gradient all-reduces (0 for one worker).</param>
public sealed record TrainResult(
    string OutputDirectory, BundleManifest Manifest, bool Resumed, double TrainSamplesPerSecond, TimeSpan Elapsed,
    int Rank = 0, int Workers = 1, double CommunicationShare = 0);
