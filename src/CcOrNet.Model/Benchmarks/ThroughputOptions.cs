using CcOrNet.Model.Data;
using CcOrNet.Model.Options;

namespace CcOrNet.Model.Benchmarks;

/// <summary>What to time: a model on random inputs of a given layout.</summary>
/// <param name="Layout">Input layout; <see cref="Realistic"/> is 40 numeric, 5 categoricals, sequence 2 x 56.</param>
/// <param name="ModelName">Factory name.</param>
/// <param name="BatchSize">Users per step.</param>
/// <param name="Steps">Timed steps (after <paramref name="WarmupSteps"/> untimed ones).</param>
/// <param name="WarmupSteps">Untimed steps first.</param>
/// <param name="Options">Model options.</param>
/// <param name="Seed">Seeds weights and inputs.</param>
public sealed record ThroughputOptions(
    FeatureLayout Layout,
    string ModelName = "ccornet",
    int BatchSize = 2048,
    int Steps = 20,
    int WarmupSteps = 3,
    ModelOptions? Options = null,
    long Seed = 0)
{
    /// <summary>40 numeric features, 5 categoricals (cardinalities 10..10 000), a 2-channel 56-day sequence.</summary>
    public static FeatureLayout Realistic { get; } = new(40, [10, 50, 200, 1000, 10_000], 2, 56);
}
