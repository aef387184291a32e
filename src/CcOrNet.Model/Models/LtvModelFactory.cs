using CcOrNet.Model.Buckets;
using CcOrNet.Model.Data;
using CcOrNet.Model.Options;
using TorchSharp;

namespace CcOrNet.Model.Models;

/// <summary>Builds an LTV model by name with seeded initial weights.</summary>
public static class LtvModelFactory
{
    /// <summary>The model names <see cref="Create"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = ["ccornet", "ordinal", "ziln", "logmse", "twostage"];

    // Seeding and initialisation use Torch's process-wide generator: models built on several threads at once (in-process
    // data-parallel workers) would interleave their draws, so they are built one at a time.
    private static readonly Lock Creation = new();

    /// <summary>
    /// A new model on CPU. "ordinal" is classic ordinal regression (one score, ordered cutpoints; no distillation, residual
    /// or augmentation), each bucket predicting <see cref="BucketEdges.Representative"/>; CC-OR-Net's ablations come from
    /// <see cref="ModelOptions.CcOrNet"/>.
    /// The same seed gives the same weights, also when several threads create models at once.
    /// </summary>
    public static ILtvModel Create(string name, FeatureLayout layout, BucketEdges buckets, ModelOptions? options = null, long seed = 0)
    {
        if (!Names.Contains(name))
            throw new ArgumentException($"Unknown model '{name}'; expected one of: {string.Join(", ", Names)}.", nameof(name));
        layout.Validate();
        buckets.Validate();
        options = (options ?? new ModelOptions()).Validate();

        lock (Creation)
        {
            torch.manual_seed(seed);
            return name switch
            {
                "ccornet" => new CcOrNetModel(name, layout, buckets, options),
                "ordinal" => new CcOrNetModel(name, layout, buckets, options with { CcOrNet = CcOrNetOptions.OrdinalOnly }),
                "ziln" => new ZilnModel(name, layout, buckets, options),
                "logmse" => new LogMseModel(name, layout, buckets, options),
                _ => new TwoStageModel(name, layout, buckets, options),
            };
        }
    }
}
