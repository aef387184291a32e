using System.CommandLine;
using CcOrNet.Core.Thresholds;
using CcOrNet.Jobs.Cli;
using CcOrNet.Pipeline.Thresholds;

namespace CcOrNet.Jobs.Commands;

/// <summary><c>ccornet thresholds</c>: bucket edges, normalisation and vocabularies as one JSON file.</summary>
internal static class ThresholdsCommand
{
    public static Command Create(JobHost host)
    {
        var defaults = new ThresholdsOptions { FeaturesDirectory = "", OutputFile = "" };
        var features = CommonOptions.RequiredPath("--features", "Labelled features folder (output of 'ccornet features').");
        var output = CommonOptions.RequiredPath("--out", "Thresholds JSON file to write.");
        var buckets = CommonOptions.PositiveInt("--buckets", "K: zero bucket, K-2 quantile buckets, top bucket.", defaults.Buckets);
        var quantiles = new Option<double[]>("--quantiles")
        {
            Description = "K-2 increasing quantiles of the positive labels for the inner edges.",
            DefaultValueFactory = _ => defaults.Quantiles.ToArray(),
            AllowMultipleArgumentsPerToken = true,
        };
        var mode = new Option<QuantileMode>("--mode") { Description = "Exact (sorts the labels) or approximate (sketch) quantiles.", DefaultValueFactory = _ => defaults.Mode };
        var topEdge = new Option<double>("--top-edge-quantile") { Description = "Quantile of positive labels used as the top bucket's upper edge.", DefaultValueFactory = _ => defaults.TopEdgeQuantile };
        var minCount = new Option<long>("--min-category-count") { Description = "Rows a categorical value needs for its own vocabulary index.", DefaultValueFactory = _ => defaults.MinCategoryCount };
        var engine = new EngineOptions();

        var command = new Command("thresholds", "Compute bucket edges, normalisation statistics and vocabularies from a labelled features table.")
        {
            features, output, buckets, quantiles, mode, topEdge, minCount,
        };
        engine.AddTo(command);
        command.SetAction((parse, cancellationToken) => host.RunAsync("thresholds", parse, async job =>
        {
            var options = defaults with
            {
                FeaturesDirectory = parse.GetValue(features)!,
                OutputFile = parse.GetValue(output)!,
                Buckets = parse.GetValue(buckets),
                Quantiles = parse.GetValue(quantiles)!,
                Mode = parse.GetValue(mode),
                TopEdgeQuantile = parse.GetValue(topEdge),
                MinCategoryCount = parse.GetValue(minCount),
                Engine = engine.Read(parse),
            };
            ThresholdsResult result = await ThresholdsJob.RunAsync(options, job.Progress, job.Logger("thresholds"), job.CancellationToken);
            Summaries.Write(job.Summary, result);
        }, cancellationToken));
        return command;
    }
}
