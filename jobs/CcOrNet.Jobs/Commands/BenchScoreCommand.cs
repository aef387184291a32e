using System.CommandLine;
using CcOrNet.Jobs.Cli;
using CcOrNet.Pipeline.Scoring;

namespace CcOrNet.Jobs.Commands;

/// <summary><c>ccornet bench score</c>: scoring throughput Parquet to Parquet vs pure inference and a DuckDB copy.</summary>
internal static class BenchScoreCommand
{
    public static Command Create(JobHost host)
    {
        var defaults = new ScoreBenchmarkOptions { ModelDirectory = "", FeaturesDirectory = "", OutputDirectory = "" };
        var model = CommonOptions.RequiredPath("--model", "Model bundle folder.");
        var features = CommonOptions.RequiredPath("--features", "Features folder to score.");
        var output = CommonOptions.RequiredPath("--out", "Scratch folder for the predictions table and DuckDB's copy.");
        var batchSize = CommonOptions.PositiveInt("--batch-size", "Users per inference batch.", defaults.BatchSize);
        var threads = new Option<int>("--threads") { Description = "Torch and DuckDB threads (0 = each library's default).", DefaultValueFactory = _ => defaults.Threads };
        var inferenceRows = CommonOptions.PositiveInt("--inference-rows", "Users held as tensors for the pure-inference measurement.", defaults.InferenceRows);
        var command = new Command("score", "Scoring throughput, Parquet in to Parquet out, vs pure inference and a DuckDB copy.")
        {
            model, features, output, batchSize, threads, inferenceRows,
        };
        command.SetAction((parse, cancellationToken) => host.RunAsync("bench score", parse, async job =>
        {
            var options = defaults with
            {
                ModelDirectory = parse.GetValue(model)!,
                FeaturesDirectory = parse.GetValue(features)!,
                OutputDirectory = parse.GetValue(output)!,
                BatchSize = parse.GetValue(batchSize),
                Threads = parse.GetValue(threads),
                InferenceRows = parse.GetValue(inferenceRows),
            };
            var result = await ScoreBenchmark.RunAsync(options, job.Progress, job.Logger("bench"), job.CancellationToken);
            Summaries.Write(job.Summary, result);
        }, cancellationToken));
        return command;
    }
}
