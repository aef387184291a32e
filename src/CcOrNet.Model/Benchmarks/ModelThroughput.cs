using System.Diagnostics;
using CcOrNet.Model.Data;
using CcOrNet.Model.Models;
using CcOrNet.Model.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace CcOrNet.Model.Benchmarks;

/// <summary>Times training and inference of a model on seeded random inputs, and counts its FLOPs per user.</summary>
public static class ModelThroughput
{
    public static ThroughputResult Measure(ThroughputOptions options)
    {
        var layout = options.Layout.Validate();
        using var batch = RandomBatch(layout, options.BatchSize, options.Seed);
        var labels = batch.RequireLabel().data<float>().Select(y => (double)y).ToArray();
        var buckets = Buckets.BucketEdges.FromLabels(labels);
        using var model = LtvModelFactory.Create(options.ModelName, layout, buckets, options.Options, options.Seed);

        var parameters = model.Parameters().ToList();
        using var optimizer = new Training.AdamOptimizer(parameters);
        model.SetTraining(true);
        double trainSeconds = Time(options, () =>
        {
            using var scope = NewDisposeScope();
            optimizer.ZeroGrad();
            model.Loss(batch).Total.backward();
            optimizer.Step();
        });
        double inferenceSeconds = Time(options, () => model.Predict(batch));

        var (forward, training) = Flops(model, Share(labels, Buckets.BucketEdges.ZeroThreshold), Share(labels, buckets.Edges[^1]));
        return new ThroughputResult(
            options.BatchSize / trainSeconds,
            options.BatchSize / inferenceSeconds,
            forward,
            training,
            torch.get_num_threads());
    }

    /// <summary>
    /// FLOPs per user: 2 x multiply-adds of every weight matrix (Linear, Conv1d, GRU, the fused cascade's) times how often it is applied per user
    /// (<see cref="IRepeatedWeights"/>: convolutions and the GRU once per day, the patch encoder once per patch);
    /// embeddings, activations and losses ignored.
    /// Inference runs the residual once per non-zero bucket and the high-value head on everyone. Training runs the
    /// residual on payers only and the high-value head on the top-bucket users' noisy copies only; backward costs about
    /// twice the forward.
    /// </summary>
    /// <param name="payerShare">Share of the training users with y &gt; 0.</param>
    /// <param name="topBucketShare">Share of the training users in the top bucket.</param>
    internal static (double Forward, double Train) Flops(ILtvModel model, double payerShare, double topBucketShare)
    {
        int augmentationCopies = model is CcOrNetModel ccOrNet ? ccOrNet.AugmentationCopies : 0;
        var repeated = ((nn.Module)model).named_modules()
            .Where(m => m.module is IRepeatedWeights)
            .Select(m => (Prefix: m.name + ".", Module: (IRepeatedWeights)m.module))
            .ToList();
        double forward = 0, trainForward = 0;
        foreach (var (name, parameter) in ((nn.Module)model).named_parameters())
        {
            if (parameter.dim() < 2 || name.Contains("embedding")) continue;
            var owner = repeated.FirstOrDefault(r => name.StartsWith(r.Prefix));
            double applications = owner.Module?.ApplicationsPerUser(name[owner.Prefix.Length..], model.Layout) ?? 1;
            double flops = 2.0 * parameter.numel() * applications;
            (double inference, double train) = name.Split('.')[0] switch
            {
                "residual" => (model.Buckets.BucketCount - 1.0, payerShare),
                "high_value" => (1.0, augmentationCopies * topBucketShare),
                _ => (1.0, 1.0),
            };
            forward += flops * inference;
            trainForward += flops * train;
        }
        return (forward, 3 * trainForward);
    }

    private static double Time(ThroughputOptions options, Action step)
    {
        for (int i = 0; i < options.WarmupSteps; i++) step();
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < options.Steps; i++) step();
        return clock.Elapsed.TotalSeconds / options.Steps;
    }

    private static double Share(double[] labels, double above) => labels.Count(y => y > above) / (double)labels.Length;

    /// <summary>Normal features, uniform categories, non-negative sequence; ~40 % payers with lognormal spend tied to feature 0.</summary>
    private static FeatureBatch RandomBatch(FeatureLayout layout, int count, long seed)
    {
        var generator = new Generator((ulong)seed);
        var numeric = torch.randn([count, layout.NumericCount], generator: generator);
        var categorical = layout.CategoricalCount == 0
            ? torch.zeros([count, 0], ScalarType.Int64)
            : torch.stack(layout.CategoricalCardinalities.Select(c => torch.randint(c, [count], generator: generator)).ToList(), 1);
        var sequence = torch.rand([count, layout.SequenceChannels, layout.SequenceDays], generator: generator);
        var latent = numeric.select(1, 0) + 0.5 * torch.randn([count], generator: generator);
        var label = torch.where(latent > 0.25, torch.exp(1 + latent), torch.zeros([count]));
        return new FeatureBatch(numeric, categorical, sequence, label);
    }
}
