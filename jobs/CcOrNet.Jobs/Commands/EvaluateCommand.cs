using System.CommandLine;
using CcOrNet.Jobs.Cli;
using CcOrNet.Pipeline.Evaluation;

namespace CcOrNet.Jobs.Commands;

/// <summary><c>ccornet evaluate</c>: metrics.json and report.html from one or more models' predictions and later labels.</summary>
internal static class EvaluateCommand
{
    public static Command Create(JobHost host)
    {
        var defaults = new EvaluateOptions { Predictions = [], LabelsDirectory = "", OutputDirectory = "" };
        var predictions = new Option<string[]>("--predictions")
        {
            Description = "Predictions of one model (output of 'ccornet score'): a dt=YYYY-MM-DD partition or the table holding it, " +
                          "as PATH or NAME=PATH. Repeat (or list several) to compare models side by side.",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
            Arity = ArgumentArity.OneOrMore,
        };
        var labels = CommonOptions.RequiredPath("--labels", "Labelled features folder (output of 'ccornet features') with the predictions' as-of date.");
        var output = CommonOptions.RequiredPath("--out", "Report folder to create (replaced whole): metrics.json and report.html.");
        var thresholds = CommonOptions.OptionalPath("--thresholds", "The training thresholds JSON: bucket edges and SVA split (default: from the labels).");
        var topFraction = new Option<double>("--top-fraction") { Description = "k of Recall@k and value captured: fraction of users targeted.", DefaultValueFactory = _ => defaults.TopFraction };
        var whaleFraction = new Option<double>("--whale-fraction") { Description = "Fraction of users, by actual value, counted as whales.", DefaultValueFactory = _ => defaults.WhaleFraction };
        var title = new Option<string>("--title") { Description = "The report's title.", DefaultValueFactory = _ => defaults.Title };

        var command = new Command("evaluate", "Evaluate predictions against labels; writes metrics.json and report.html.")
        {
            predictions, labels, output, thresholds, topFraction, whaleFraction, title,
        };
        command.SetAction((parse, cancellationToken) => host.RunAsync("evaluate", parse, async job =>
        {
            var options = defaults with
            {
                Predictions = parse.GetValue(predictions)!.Select(PredictionSource.Parse).ToArray(),
                LabelsDirectory = parse.GetValue(labels)!,
                OutputDirectory = parse.GetValue(output)!,
                ThresholdsFile = parse.GetValue(thresholds),
                TopFraction = parse.GetValue(topFraction),
                WhaleFraction = parse.GetValue(whaleFraction),
                Title = parse.GetValue(title)!,
            };
            EvaluateResult result = await EvaluateJob.RunAsync(options, job.Progress, job.Logger("evaluate"), job.CancellationToken);
            Summaries.Write(job.Summary, result);
        }, cancellationToken));
        return command;
    }
}
