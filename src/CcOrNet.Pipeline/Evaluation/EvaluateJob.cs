using System.Diagnostics;
using CcOrNet.Core.Jobs;
using CcOrNet.Core.Metrics;
using CcOrNet.Core.Thresholds;
using CcOrNet.Lake.Commit;
using CcOrNet.Pipeline.Reports;
using Microsoft.Extensions.Logging;

namespace CcOrNet.Pipeline.Evaluation;

/// <summary>
/// <c>ccornet evaluate</c>: one or more models' predictions joined by <c>user_id</c> with the labels of the same
/// as-of date; every metric of the metrics library per model into metrics.json, and report.html with the charts a
/// marketing analyst reads. The folder is written out of sight and published whole, or not at all.
/// </summary>
public static class EvaluateJob
{
    public static async Task<EvaluateResult> RunAsync(EvaluateOptions options, IProgress<JobProgress>? progress, ILogger logger, CancellationToken ct)
    {
        options.Validate();
        var clock = Stopwatch.StartNew();
        int steps = options.Predictions.Count + 3;

        progress?.Report(new JobProgress("labels", 0, steps));
        var labels = await LabelTable.ReadAsync(options.LabelsDirectory, ct);
        var edges = options.ThresholdsFile is { } file
            ? EvaluationEdges.Of(BucketThresholds.Read(file), file)
            : EvaluationEdges.Of(labels.Labels, options.FallbackQuantiles, labels.Directory);
        if (edges.Source == EvaluationEdges.FromLabels)
            logger.LogWarning("No thresholds file given: bucket edges [{Edges}] and the SVA split come from the evaluated labels themselves", string.Join(", ", edges.BucketEdges));

        var tables = new List<PredictionTable>();
        foreach (var source in options.Predictions)
        {
            ct.ThrowIfCancellationRequested();
            progress?.Report(new JobProgress("predictions", tables.Count + 1, steps));
            var table = await PredictionTable.ReadAsync(source.Path, labels.AsOf, ct);
            CheckAgainstLabels(source, table, labels, edges);
            tables.Add(table);
        }

        progress?.Report(new JobProgress("metrics", steps - 2, steps));
        var join = UserJoin.Of(labels, tables, options.Predictions);
        var actual = join.Labels(labels);
        var models = options.Predictions.Select((source, m) => Evaluate(source, tables[m], join, m, actual, edges, options)).ToList();
        var metrics = new EvaluationMetrics
        {
            Title = options.Title,
            Labels = new LabelsSummary(labels.Directory, labels.AsOf, labels.Manifest.HorizonDays, labels.Count, labels.Labels.Count(y => y > 0)),
            Edges = edges,
            UsersEvaluated = join.Count,
            TopFraction = options.TopFraction,
            WhaleFraction = options.WhaleFraction,
            Models = models,
        };
        foreach (var model in models.Where(m => m.PredictionsWithoutLabel > 0 || m.LabelsWithoutPrediction > 0))
            logger.LogWarning("{Model}: {Unlabelled:N0} predicted users have no label and {Unscored:N0} labelled users no prediction; metrics cover the {Users:N0} users labelled and scored by every model",
                model.Name, model.PredictionsWithoutLabel, model.LabelsWithoutPrediction, join.Count);

        progress?.Report(new JobProgress("report", steps - 1, steps));
        ct.ThrowIfCancellationRequested();
        string html = HtmlReport.Render(metrics);
        using (var staged = StagedDirectory.Create(options.OutputDirectory, logger))
        {
            await File.WriteAllTextAsync(Path.Combine(staged.StagingPath, EvaluationMetrics.FileName), metrics.ToJson(), ct);
            await File.WriteAllTextAsync(Path.Combine(staged.StagingPath, HtmlReport.FileName), html, ct);
            ct.ThrowIfCancellationRequested();
            staged.Commit();
        }
        progress?.Report(new JobProgress("report", steps, steps));

        string output = Path.GetFullPath(options.OutputDirectory);
        foreach (var model in models)
            logger.LogInformation("{Model}: gini {Gini:F4}, value captured at {K:P0} {Captured:P1}, payer AUC {Auc:F4}, NMAE {Nmae:F4} on {Users:N0} users",
                model.Name, model.Metrics.Ranking.GiniNormalized, options.TopFraction, model.Metrics.Business.ValueCapturedAtK,
                model.Metrics.Classification.PayerAuc, model.Metrics.Regression.Nmae, join.Count);
        return new EvaluateResult(output, Path.Combine(output, EvaluationMetrics.FileName), Path.Combine(output, HtmlReport.FileName), metrics, clock.Elapsed);
    }

    /// <summary>Predictions made for the labels' date, with the labels' number of buckets.</summary>
    private static void CheckAgainstLabels(PredictionSource source, PredictionTable table, LabelTable labels, EvaluationEdges edges)
    {
        var problems = new List<string>();
        if (table.AsOfDates.Count == 1 && table.AsOfDates[0] != labels.AsOf)
            problems.Add($"their as_of is {table.AsOfDates[0]:yyyy-MM-dd} but the labels in '{labels.Directory}' are as of {labels.AsOf:yyyy-MM-dd}; expected the same date (the labels count the value after the predictions' cutoff)");
        if (table.BucketCount != edges.BucketCount)
            problems.Add($"they have {table.BucketCount} p_bucket columns but the {edges.Source} give {edges.BucketCount} buckets (edges [{string.Join(", ", edges.BucketEdges)}])");
        if (problems.Count > 0)
            throw new InvalidDataException($"Predictions '{source.Name}' in '{table.Partition.Directory}' do not match the labels: {string.Join("; ", problems)}");
    }

    private static ModelEvaluation Evaluate(
        PredictionSource source, PredictionTable table, UserJoin join, int model, double[] actual, EvaluationEdges edges, EvaluateOptions options)
    {
        var rows = join.Rows(model);
        double[] predicted = Pick(table.LtvPred, rows), expected = Pick(table.LtvExpected, rows);
        int[] bucket = Pick(table.Bucket, rows);
        var probabilities = table.BucketProbabilities.Select(p => Pick(p, rows)).ToArray();
        var context = new EvaluationContext
        {
            Edges = new BucketEdges(edges.BucketEdges),
            MedianPositiveTrainingLabel = edges.SvaSplit,
            RankingScore = expected,
            PredictedBuckets = bucket,
            BucketProbabilities = probabilities,
            PayerProbability = Pick(table.PPayer, rows),
            TopFraction = options.TopFraction,
            WhaleFraction = options.WhaleFraction,
        };
        return new ModelEvaluation(
            source.Name,
            table.Partition.Directory,
            table.ModelVersions,
            table.AsOfDates[0],
            table.Count,
            join.PredictionsWithoutLabel[model],
            join.LabelsWithoutPrediction[model],
            MetricsReport.Compute(actual, predicted, context),
            BudgetError.Of(actual, expected, predicted),
            ModelCurves.Captured(actual, expected, options.CapturedFractions),
            ModelCurves.Calibration(actual, predicted, expected, bucket, probabilities, edges.BucketEdges),
            ModelCurves.Lorenz(actual, expected, options.CurvePoints));
    }

    private static T[] Pick<T>(T[] column, int[] rows)
    {
        var picked = new T[rows.Length];
        for (int i = 0; i < rows.Length; i++) picked[i] = column[rows[i]];
        return picked;
    }
}
