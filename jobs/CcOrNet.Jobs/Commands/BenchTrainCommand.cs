using System.CommandLine;
using CcOrNet.Jobs.Cli;
using CcOrNet.Pipeline.Training;

namespace CcOrNet.Jobs.Commands;

/// <summary><c>ccornet bench train</c>: training throughput from Parquet vs the same model on in-memory tensors.</summary>
internal static class BenchTrainCommand
{
    public static Command Create(JobHost host)
    {
        var defaults = new TrainBenchmarkOptions { FeaturesDirectory = "", ThresholdsFile = "" };
        var features = CommonOptions.RequiredPath("--features", "Labelled features folder.");
        var thresholds = CommonOptions.RequiredPath("--thresholds", "Thresholds JSON.");
        var model = new Option<string>("--model") { Description = "Model to time.", DefaultValueFactory = _ => defaults.Model }
            .AcceptOnlyFromAmong("ccornet", "ziln", "logmse", "twostage", "ordinal");
        var batchSize = CommonOptions.PositiveInt("--batch-size", "Rows per training step.", defaults.BatchSize);
        var threads = new Option<int>("--threads") { Description = "Torch intra-op threads per worker (0 = libtorch default, or cores / workers).", DefaultValueFactory = _ => defaults.Threads };
        var workers = CommonOptions.PositiveInt("--workers", "In-process data-parallel workers (as ccornet train --workers).", defaults.Workers);
        var peak = new Option<double>("--peak-gflops") { Description = "The machine's fp32 matmul peak to compare the model's GFLOP/s with.", DefaultValueFactory = _ => defaults.PeakGflops };
        var maxBatches = new Option<int>("--max-batches") { Description = "Timed batches per measurement (0 = whole table).", DefaultValueFactory = _ => defaults.MaxBatches };
        var epochs = CommonOptions.PositiveInt("--epochs", "Epochs of each timed pass (from Parquet: the first decodes, later ones read the decode cache).", defaults.Epochs);
        var decodeCache = CommonOptions.DecodeCache("a temporary folder");
        var command = new Command("train", "Training throughput from Parquet vs in-memory tensors.")
        {
            features, thresholds, model, batchSize, threads, workers, peak, maxBatches, epochs, decodeCache,
        };
        command.SetAction((parse, cancellationToken) => host.RunAsync("bench train", parse, async job =>
        {
            var (cacheDecoded, cacheFolder) = CommonOptions.DecodeCacheChoice(parse.GetValue(decodeCache));
            var options = defaults with
            {
                FeaturesDirectory = parse.GetValue(features)!,
                ThresholdsFile = parse.GetValue(thresholds)!,
                Model = parse.GetValue(model)!,
                BatchSize = parse.GetValue(batchSize),
                Threads = parse.GetValue(threads),
                Workers = parse.GetValue(workers),
                PeakGflops = parse.GetValue(peak),
                MaxBatches = parse.GetValue(maxBatches),
                Epochs = parse.GetValue(epochs),
                DecodeCache = cacheDecoded,
                DecodeCacheDirectory = cacheFolder,
            };
            var result = await TrainBenchmark.RunAsync(options, job.Progress, job.Logger("bench"), job.CancellationToken);
            Summaries.Write(job.Summary, result);
        }, cancellationToken));
        return command;
    }
}
