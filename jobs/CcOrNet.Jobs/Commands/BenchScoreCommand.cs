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
        var workers = new Option<int>("--workers") { Description = "Shards the score job scores at once, and threads of the in-memory inference (0 = one per core; see docs/performance.md before using more than 1).", DefaultValueFactory = _ => defaults.Workers };
        var threads = new Option<int>("--threads") { Description = "Torch threads (0 = cores / workers) and DuckDB threads (0 = DuckDB's default).", DefaultValueFactory = _ => defaults.Threads };
        var inferenceRows = CommonOptions.PositiveInt("--inference-rows", "Users held as tensors for the pure-inference measurement.", defaults.InferenceRows);
        var command = new Command("score", "Scoring throughput, Parquet in to Parquet out, vs pure inference and a DuckDB copy.")
        {
            model, features, output, batchSize, workers, threads, inferenceRows,
        };
        command.SetAction((parse, cancellationToken) => host.RunAsync("bench score", parse, async job =>
        {
            var options = defaults with
            {
                ModelDirectory = parse.GetValue(model)!,
                FeaturesDirectory = parse.GetValue(features)!,
                OutputDirectory = parse.GetValue(output)!,
                BatchSize = parse.GetValue(batchSize),
                Workers = parse.GetValue(workers),
                Threads = parse.GetValue(threads),
                InferenceRows = parse.GetValue(inferenceRows),
            };
            var result = await ScoreBenchmark.RunAsync(options, job.Progress, job.Logger("bench"), job.CancellationToken);
            Summaries.Write(job.Summary, result);
        }, cancellationToken));
        return command;
    }
}
