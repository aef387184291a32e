using System.Diagnostics;
using CcOrNet.Model.Data;
using CcOrNet.Model.Models;
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
        using var optimizer = optim.Adam(parameters);
        model.SetTraining(true);
        double trainSeconds = Time(options, () =>
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            model.Loss(batch).Total.backward();
            optimizer.step();
        });
        double inferenceSeconds = Time(options, () => model.Predict(batch));

        var (forward, training) = Flops((nn.Module)model, layout, buckets.BucketCount, PayerShare(labels));
        return new ThroughputResult(
            options.BatchSize / trainSeconds,
            options.BatchSize / inferenceSeconds,
            forward,
            training,
            torch.get_num_threads());
    }

    /// <summary>
    /// FLOPs per user (2 x multiply-adds of every Linear, Conv1d and GRU weight, convolutions and GRU once per day; embeddings,
    /// activations and losses ignored). Inference runs the residual once per non-zero bucket; training runs it on
    /// payers only, and backward costs about twice the forward.
    /// </summary>
    internal static (double Forward, double Train) Flops(nn.Module model, FeatureLayout layout, int bucketCount, double payerShare)
    {
        double forward = 0, trainForward = 0;
        foreach (var (name, parameter) in model.named_parameters())
        {
            if (!name.EndsWith(".weight") || parameter.dim() < 2 || name.Contains("embedding")) continue;
            bool perDay = parameter.dim() == 3 || name.Contains(".gru.");
            double flops = 2.0 * parameter.numel() * (perDay ? layout.SequenceDays : 1);
            (double inference, double train) = name.Split('.')[0] switch
            {
                "residual" => (bucketCount - 1.0, payerShare),
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

    private static double PayerShare(double[] labels) => labels.Count(y => y > Buckets.BucketEdges.ZeroThreshold) / (double)labels.Length;

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
