using CcOrNet.Core.Jobs;
using CcOrNet.Pipeline.Evaluation;
using CcOrNet.Pipeline.Features;
using CcOrNet.Pipeline.Quality;
using CcOrNet.Pipeline.Runs;
using CcOrNet.Pipeline.Scoring;
using CcOrNet.Pipeline.Thresholds;
using CcOrNet.Pipeline.Training;
using CcOrNet.Synthetic;
using Spectre.Console;

namespace CcOrNet.Jobs.Cli;

/// <summary>Renders job results as tables on stdout: presentation only, the numbers come from the jobs.</summary>
internal static class Summaries
{
    public static void Write(IAnsiConsole console, GeneratedLake lake) => console.Write(Table("generated lake",
        ("folder", lake.Directory),
        ("users", $"{lake.Users:N0}"),
        ("events", $"{lake.EventRows:N0}"),
        ("files per table", $"{lake.Shards}"),
        ("default task", lake.Task.ToString()),
        ("elapsed", $"{lake.Elapsed.TotalSeconds:F1} s")));

    public static void Write(IAnsiConsole console, LabelShapeReport shape) => console.Write(Table("label shape (default task)",
        ("users known before T", $"{shape.Users:N0}"),
        ("zero future value", $"{shape.ZeroShare:P1}"),
        ("top 1% hold", $"{shape.Top1PercentShare:P1}"),
        ("top 10% hold", $"{shape.Top10PercentShare:P1}"),
        ("Gini of label", $"{shape.Gini:F3}"),
        ("quiet whales", $"{shape.QuietWhales:N0} of {shape.Whales:N0} ({shape.QuietWhaleShare:P1})"),
        ("Spearman(past spend, label)", $"{shape.PastSpendSpearman:F3}")));

    public static void Write(IAnsiConsole console, FeaturesResult features) => console.Write(Table("features",
        ("folder", features.OutputDirectory),
        ("task", $"as of {features.Manifest.AsOf:yyyy-MM-dd}, {features.Manifest.ObservationDays}d observation, {features.Manifest.HorizonDays}d horizon"),
        ("users", $"{features.Rows:N0}"),
        ("label", features.HasLabel ? $"ltv, {features.Manifest.PositiveLabels:N0} positive ({(double)features.Manifest.PositiveLabels / Math.Max(1, features.Rows):P1})" : "none (horizon not in the data)"),
        ("columns", $"{features.Manifest.Schema.AllColumns.Count}"),
        ("shards", $"{features.Manifest.Shards}"),
        ("elapsed", $"{features.Elapsed.TotalSeconds:F1} s")));

    public static void Write(IAnsiConsole console, ThresholdsResult result)
    {
        var t = result.Thresholds;
        console.Write(Table("thresholds",
            ("file", result.OutputFile),
            ("buckets", $"{t.Buckets} (quantiles {string.Join(", ", t.Quantiles)}, {t.Mode.ToString().ToLowerInvariant()})"),
            ("edges", string.Join(" < ", t.BucketEdges.Select(e => e.ToString("G4"))) + $" (top upper {t.TopEdge:G4})"),
            ("rows", $"{t.Counts.Users:N0} users, {t.Counts.PositiveLabels:N0} positive labels"),
            ("numeric / categorical", $"{t.Numeric.Count} / {t.Vocabularies.Count}"),
            ("elapsed", $"{result.Elapsed.TotalSeconds:F1} s")));
    }

    public static void Write(IAnsiConsole console, PipelineResult result)
    {
        if (result.LabelShape is not null) Write(console, result.LabelShape);
        if (result.Thresholds is not null) Write(console, result.Thresholds);
        if (result.Model is not null) Write(console, result.Model);
        if (result.Predictions is not null) Write(console, result.Predictions);
        if (result.Evaluation is not null) Write(console, result.Evaluation);
        var steps = new Table { Title = new TableTitle("pipeline steps") }.AddColumn("step").AddColumn(new TableColumn("seconds").RightAligned()).AddColumn("output");
        foreach (var step in result.Steps)
            steps.AddRow(Markup.Escape(step.Name), $"{step.Elapsed.TotalSeconds:F1}", Markup.Escape(step.Output));
        console.Write(steps);
    }

    public static void Write(IAnsiConsole console, FeaturesBenchmarkResult result) => console.Write(Table("bench features",
        ("users / events", $"{result.Users:N0} / {result.Events:N0}"),
        ("features job", $"{result.JobElapsed.TotalSeconds:F1} s ({result.UsersPerMinute:N0} users/min)"),
        ("raw DuckDB query", $"{result.RawQueryElapsed.TotalSeconds:F1} s"),
        ("job / raw", $"{result.OverheadRatio:F2}"),
        ("peak working set", $"{result.PeakWorkingSetBytes / (1024 * 1024):N0} MB")));

    public static void Write(IAnsiConsole console, TrainResult result)
    {
        var m = result.Manifest;
        string Metric(string name) => m.ValidationMetrics.TryGetValue(name, out double v) ? v.ToString("F4") : "n/a";
        console.Write(Table("train",
            ("bundle", result.OutputDirectory),
            ("model", $"{m.ModelName} ({m.ModelVersion})"),
            ("epochs", $"{m.EpochsRun} run, best {m.BestEpoch}{(result.Resumed ? ", resumed" : "")}"),
            ("rows", $"{m.TrainingData.TrainRows:N0} train, {m.TrainingData.ValidationRows:N0} validation"),
            ("validation loss", $"{m.ValidationLoss:F5}"),
            ("gini (normalised)", Metric("ranking.gini_normalized")),
            ("spearman", Metric("ranking.spearman")),
            ("nmae", Metric("regression.nmae")),
            ("payer auc", Metric("classification.payer_auc")),
            ("top bucket f1", Metric("classification.top_bucket_f1")),
            ("train speed", $"{result.TrainSamplesPerSecond:N0} users/s"),
            ("elapsed", $"{result.Elapsed.TotalSeconds:F1} s")));
    }

    public static void Write(IAnsiConsole console, TrainBenchmarkResult result)
    {
        var rows = new List<(string, string)>
        {
            ("rows per epoch", $"{result.Rows:N0} x {result.Epochs} epoch(s) (batch {result.BatchSize}, {result.Workers} worker(s) x {result.Threads} torch thread(s))"),
            ("decode only", $"{result.DecodeSamplesPerSecond:N0} users/s"),
            ("train from Parquet", $"{result.StreamedSamplesPerSecond:N0} users/s ({result.StreamedGflops:F1} GFLOP/s; {result.StreamedGflopPerCpuSecond:F1} GFLOP per CPU-s)"),
        };
        if (result.Epochs > 1)
            rows.Add(("  per epoch", string.Join(", ", result.StreamedEpochSamplesPerSecond.Select((v, e) => $"{e + 1}: {v:N0}")) + " users/s"));
        rows.Add(("decode cache", result.DecodeCache
            ? $"{result.CachedRowGroups:N0} row groups read from it, {result.DecodedRowGroups:N0} decoded (deleted after the run)"
            : "none: every epoch decodes Parquet"));
        rows.Add(("train in memory", $"{result.InMemorySamplesPerSecond:N0} users/s ({result.InMemoryGflops:F1} GFLOP/s; {result.InMemoryGflopPerCpuSecond:F1} GFLOP per CPU-s)"));
        rows.Add(("ratio", $"{result.Ratio:F2}"));
        rows.Add(("kernel CPU, page faults", $"from Parquet {Kernel(result.StreamedUsage)}, {result.StreamedFaultsPerUser:F2} per user; in memory {Kernel(result.InMemoryUsage)}, {result.InMemoryFaultsPerUser:F2} per user"));
        rows.Add(("of the matmul peak", $"{result.PeakShare:P1} of {result.PeakGflops:F0} GFLOP/s (matmul of this layout now: {result.MatmulGflops:F1} GFLOP/s)"));
        rows.Add(("train FLOPs per user", $"{result.TrainFlopsPerSample / 1e6:F2} M"));
        console.Write(Table("bench train", [.. rows]));
    }

    private static string Kernel(ProcessUsage usage) => $"{usage.KernelSeconds / Math.Max(usage.CpuSeconds, 1e-9):P0} of {usage.CpuSeconds:F0} CPU-s";

    public static void Write(IAnsiConsole console, QualityResult result)
    {
        console.Write(Table("quality bench",
            ("task", $"{result.Task.Name}: train as of {result.Task.TrainAsOf:yyyy-MM-dd}, test as of {result.Task.TestAsOf:yyyy-MM-dd}"),
            ("users", $"{result.TrainUsers:N0} train / {result.TestUsers:N0} test"),
            ("runs", $"{result.Rows.Count} rows x {result.Seeds.Count} seeds, {result.Epochs} epochs"),
            ("table", result.MarkdownFile),
            ("numbers", result.JsonFile),
            ("elapsed", $"{result.Elapsed.TotalMinutes:F1} min")));
        console.WriteLine(File.ReadAllText(result.MarkdownFile));
    }

    public static void Write(IAnsiConsole console, EvaluateResult result)
    {
        var metrics = result.Metrics;
        string k = $"{metrics.TopFraction:0.##%}";
        // One column per model: stays narrow enough for a terminal with a few models side by side.
        var table = new Table { Title = new TableTitle($"evaluate: {metrics.UsersEvaluated:N0} users as of {metrics.Labels.AsOf:yyyy-MM-dd}") }.AddColumn("");
        foreach (var model in metrics.Models) table.AddColumn(new TableColumn(Markup.Escape(model.Name)).RightAligned());
        void Row(string name, Func<CcOrNet.Core.Metrics.MetricsReport, string> value) =>
            table.AddRow([Markup.Escape(name), .. metrics.Models.Select(m => Markup.Escape(value(m.Metrics)))]);
        Row("gini (normalised)", m => $"{m.Ranking.GiniNormalized:F4}");
        Row("spearman", m => $"{m.Ranking.Spearman:F4}");
        Row($"value in top {k}", m => $"{m.Business.ValueCapturedAtK:P1}");
        Row($"whales in top {k}", m => $"{m.Business.WhaleRecallAtK:P1}");
        Row("payer auc", m => $"{m.Classification.PayerAuc:F4}");
        Row("nmae", m => $"{m.Regression.Nmae:F4}");
        Row("sva", m => $"{m.Business.Sva:P1}");
        Row("bucket accuracy", m => $"{m.Classification.BucketAccuracy:P1}");
        console.Write(table);
        console.Write(Table("evaluate output",
            ("metrics", result.MetricsFile),
            ("report", result.ReportFile),
            ("edges", $"{metrics.Edges.Source}: {string.Join(" < ", metrics.Edges.BucketEdges.Select(e => e.ToString("G4")))}"),
            ("elapsed", $"{result.Elapsed.TotalSeconds:F1} s")));
    }

    public static void Write(IAnsiConsole console, ScoreResult result) => console.Write(Table("score",
        ("partition", result.PartitionDirectory + (result.ReplacedPrevious ? " (replaced)" : "")),
        ("model", $"{result.ModelName} ({result.ModelVersion})"),
        ("users", $"{result.Rows:N0} in {result.Files.Count} files"),
        ("per bucket", string.Join(" / ", result.BucketCounts.Select(c => $"{(double)c / Math.Max(1, result.Rows):P1}"))),
        ("mean ltv_expected", $"{result.MeanLtvExpected:F2}"),
        ("drift vs training", result.Drift.Describe()),
        ("speed", $"{result.UsersPerSecond:N0} users/s"),
        ("elapsed", $"{result.Elapsed.TotalSeconds:F1} s")));

    public static void Write(IAnsiConsole console, ScoreBenchmarkResult result) => console.Write(Table("bench score",
        ("users", $"{result.Score.Rows:N0} (batch {result.BatchSize}, {result.Workers} workers x {result.TorchThreads} torch threads)"),
        ("score job, Parquet -> Parquet", $"{result.ScoreUsersPerSecond:N0} users/s ({result.Score.Elapsed.TotalSeconds:F1} s; {result.ScoreUsersPerCpuSecond:N0} per CPU-s)"),
        ("inference on tensors", $"{result.InferenceUsersPerSecond:N0} users/s ({result.InferenceRows:N0} users, {result.Workers} threads; {result.InferenceUsersPerCpuSecond:N0} per CPU-s)"),
        ("inference FLOPs", $"{result.InferenceFlopsPerUser / 1e6:F2} MFLOP/user, {result.InferenceGflops:F1} GFLOP/s"),
        ("decode only", $"{result.DecodeUsersPerSecond:N0} users/s"),
        ("DuckDB Parquet copy", $"{result.DuckDbCopyUsersPerSecond:N0} users/s ({result.DuckDbCopyElapsed.TotalSeconds:F1} s; {result.DuckDbCopyUsersPerCpuSecond:N0} per CPU-s)"),
        ("job / inference", $"{result.RatioToInference:F2}"),
        ("job / DuckDB copy", $"{result.RatioToDuckDbCopy:F3}"),
        ("peak working set after scoring", $"{result.PeakWorkingSetBytes / (1024 * 1024):N0} MB")));

    private static Table Table(string title, params (string Name, string Value)[] rows)
    {
        var table = new Table { Title = new TableTitle(title) }.AddColumn("").AddColumn(new TableColumn("").RightAligned()).HideHeaders();
        foreach ((string name, string value) in rows) table.AddRow(Markup.Escape(name), Markup.Escape(value));
        return table;
    }
}
