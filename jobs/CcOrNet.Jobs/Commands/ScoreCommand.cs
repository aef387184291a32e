using System.CommandLine;
using CcOrNet.Jobs.Cli;
using CcOrNet.Pipeline.Scoring;

namespace CcOrNet.Jobs.Commands;

/// <summary><c>ccornet score</c>: per-user predictions written to the lake as a dt= partition.</summary>
internal static class ScoreCommand
{
    public static Command Create(JobHost host)
    {
        var defaults = new ScoreOptions { ModelDirectory = "", FeaturesDirectory = "", OutputDirectory = "" };
        var model = CommonOptions.RequiredPath("--model", "Model bundle folder (output of 'ccornet train').");
        var features = CommonOptions.RequiredPath("--features", "Features folder to score.");
        var asOf = CommonOptions.Date("--as-of", "Snapshot date; names the partition dt=YYYY-MM-DD and must match the features' as_of.");
        var output = CommonOptions.RequiredPath("--out", "Predictions table folder (partitions are created inside).");
        var batchSize = CommonOptions.PositiveInt("--batch-size", "Users per inference batch.", defaults.BatchSize);
        var workers = new Option<int>("--workers") { Description = "Shards scored at once, one pipeline each (0 = one per core; see docs/performance.md before using more than 1).", DefaultValueFactory = _ => defaults.Workers };
        var threads = new Option<int>("--threads") { Description = "Torch intra-op threads, shared by the workers (0 = cores / workers).", DefaultValueFactory = _ => defaults.Threads };
        var rowGroup = CommonOptions.PositiveInt("--row-group-rows", "Rows per row group of the output files.", defaults.RowGroupRows);
        var maxPsi = new Option<double?>("--max-prediction-psi")
        {
            Description = "Fail, publishing nothing, when the predicted bucket shares moved this far from training (population stability index; " +
                "0.25 = a major shift). Default: only log, with a warning above 0.25.",
        };
        var retries = new Option<int>("--retries") { Description = "Retries of a transient I/O failure (exponential backoff from 0.5 s).", DefaultValueFactory = _ => defaults.Retry.MaxRetryAttempts };

        var command = new Command("score", "Score a features snapshot with a model bundle; writes predictions/dt=YYYY-MM-DD/.")
        {
            model, features, asOf, output, batchSize, workers, threads, rowGroup, maxPsi, retries,
        };
        command.SetAction((parse, cancellationToken) => host.RunAsync("score", parse, async job =>
        {
            var options = defaults with
            {
                ModelDirectory = parse.GetValue(model)!,
                FeaturesDirectory = parse.GetValue(features)!,
                AsOf = parse.GetValue(asOf),
                OutputDirectory = parse.GetValue(output)!,
                BatchSize = parse.GetValue(batchSize),
                Workers = parse.GetValue(workers),
                Threads = parse.GetValue(threads),
                RowGroupRows = parse.GetValue(rowGroup),
                MaxPredictionPsi = parse.GetValue(maxPsi) ?? defaults.MaxPredictionPsi,
                Retry = defaults.Retry with { MaxRetryAttempts = parse.GetValue(retries) },
            };
            ScoreResult result = await ScoreJob.RunAsync(options, job.Progress, job.Logger("score"), job.CancellationToken);
            Summaries.Write(job.Summary, result);
        }, cancellationToken));
        return command;
    }
}
