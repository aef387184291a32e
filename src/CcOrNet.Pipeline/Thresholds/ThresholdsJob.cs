using System.Collections;
using System.Diagnostics;
using CcOrNet.Core.Features;
using CcOrNet.Core.Jobs;
using CcOrNet.Core.Thresholds;
using CcOrNet.Engines;
using CcOrNet.Engines.Sql;
using Microsoft.Extensions.Logging;

namespace CcOrNet.Pipeline.Thresholds;

/// <summary>
/// <c>ccornet thresholds</c>: bucket edges of the label, normalisation of numeric features and
/// vocabularies of categoricals from a labelled features table, as one versioned JSON file.
/// </summary>
public static class ThresholdsJob
{
    private const int Steps = 4;

    public static async Task<ThresholdsResult> RunAsync(ThresholdsOptions options, IProgress<JobProgress>? progress, ILogger logger, CancellationToken ct)
    {
        options.Validate();
        var clock = Stopwatch.StartNew();
        var manifest = FeatureManifest.Read(options.FeaturesDirectory);
        if (!manifest.HasLabel || manifest.Schema.Label is null)
            throw new InvalidDataException(
                $"Features '{options.FeaturesDirectory}' have no label (the horizon of {manifest.HorizonDays} days after {manifest.AsOf:yyyy-MM-dd} was not covered): thresholds need labels");

        await using var engine = await EngineFactory.OpenAsync(options.Engine, logger, ct);
        var files = manifest.Files.Select(f => Path.Combine(options.FeaturesDirectory, f)).ToList();
        var missing = files.Where(f => !File.Exists(f)).ToList();
        if (missing.Count > 0) throw new FileNotFoundException($"Features shard(s) missing: {string.Join(", ", missing)}", missing[0]);
        string relation = engine.Dialect.ReadParquetFiles(files);
        var sql = new ThresholdSql(engine.Dialect, relation, manifest.Schema.Label);

        progress?.Report(new JobProgress("labels", 0, Steps));
        var counts = await CountAsync(engine, sql, options, ct);
        var (edges, topEdge) = await EdgesAsync(engine, sql, options, counts, ct);

        progress?.Report(new JobProgress("normalisation", 1, Steps));
        var numeric = await NumericAsync(engine, sql, manifest.Schema, ct);
        var sequences = new Dictionary<string, Normalisation>();
        foreach (string channel in manifest.Schema.SequenceChannels)
            sequences[channel] = await PooledAsync(engine, sql, manifest.Schema.SequenceColumns(channel), ct);

        progress?.Report(new JobProgress("vocabularies", 2, Steps));
        var vocabularies = new Dictionary<string, Vocabulary>();
        foreach (string column in manifest.Schema.Categorical)
        {
            var rows = await engine.QueryAsync(sql.Vocabulary(column, options.MinCategoryCount), ct);
            vocabularies[column] = new Vocabulary(options.MinCategoryCount,
                rows.Select((r, i) => (Value: (string)r[0]!, Index: i + 1)).ToDictionary(p => p.Value, p => p.Index));
        }

        var thresholds = new BucketThresholds
        {
            AsOf = manifest.AsOf,
            FeaturesFingerprint = manifest.InputFingerprint,
            Mode = options.Mode,
            Quantiles = options.Quantiles,
            BucketEdges = edges,
            TopEdgeQuantile = options.TopEdgeQuantile,
            TopEdge = topEdge,
            Counts = counts,
            Numeric = numeric,
            Sequences = sequences,
            Vocabularies = vocabularies,
        };
        progress?.Report(new JobProgress("write", 3, Steps));
        string target = Path.GetFullPath(options.OutputFile);
        await WriteAtomicallyAsync(target, thresholds.ToJson(), ct);
        progress?.Report(new JobProgress("write", Steps, Steps));
        logger.LogInformation("Thresholds: edges [{Edges}], top edge {Top}, from {Users} users ({Positives} positive) -> {File}",
            string.Join(", ", edges), topEdge, counts.Users, counts.PositiveLabels, target);
        return new ThresholdsResult(target, thresholds, clock.Elapsed);
    }

    private static async Task<RowCounts> CountAsync(IEngine engine, ThresholdSql sql, ThresholdsOptions options, CancellationToken ct)
    {
        var row = (await engine.QueryAsync(sql.Counts(), ct))[0];
        long users = Convert.ToInt64(row[0]), positives = Convert.ToInt64(row[1]), invalid = Convert.ToInt64(row[2]);
        string where = $"features '{options.FeaturesDirectory}'";
        if (users == 0) throw new InvalidDataException($"The {where} have no rows");
        if (invalid > 0) throw new InvalidDataException($"The {where} have {invalid} of {users} labels that are NULL, NaN or infinite");
        if (positives == 0) throw new InvalidDataException($"The {where} have no positive label among {users} users: bucket edges need positive labels");
        if (positives < options.MinPositiveLabels)
            throw new InvalidDataException(
                $"The {where} have {positives} positive labels, expected at least {options.MinPositiveLabels} for quantiles [{string.Join(", ", options.Quantiles)}]");
        return new RowCounts(users, positives);
    }

    private static async Task<(IReadOnlyList<double> Edges, double TopEdge)> EdgesAsync(
        IEngine engine, ThresholdSql sql, ThresholdsOptions options, RowCounts counts, CancellationToken ct)
    {
        var asked = options.Quantiles.Append(options.TopEdgeQuantile).ToList();
        var row = (await engine.QueryAsync(sql.LabelQuantiles(asked, options.Mode), ct))[0];
        var values = ((IEnumerable)row[0]!).Cast<object>().Select(Convert.ToDouble).ToList();
        var edges = new List<double> { BucketThresholds.ZeroEdge };
        edges.AddRange(values.Take(options.Quantiles.Count));
        double topEdge = values[^1];
        var all = edges.Append(topEdge).ToList();
        var names = new[] { "zero edge" }.Concat(asked.Select(q => $"q{q:R}")).ToList();
        for (int i = 1; i < all.Count; i++)
            if (!(all[i] > all[i - 1]))
                throw new InvalidDataException(
                    $"Bucket edges must increase, but {names[i - 1]} = {all[i - 1]:R} and {names[i]} = {all[i]:R} " +
                    $"({counts.PositiveLabels} positive labels with too many ties for quantiles [{string.Join(", ", asked)}]); use fewer buckets or other quantiles");
        return (edges, topEdge);
    }

    private static async Task<Dictionary<string, Normalisation>> NumericAsync(IEngine engine, ThresholdSql sql, FeatureSchema schema, CancellationToken ct)
    {
        var result = new Dictionary<string, Normalisation>();
        if (schema.Numeric.Count == 0) return result;
        var columns = schema.Numeric.Select(n => (n.Name, n.HeavyTailed ? FeatureTransform.SignedLog1p : FeatureTransform.Identity)).ToList();
        var row = (await engine.QueryAsync(sql.MeanAndStd(columns), ct))[0];
        for (int i = 0; i < columns.Count; i++)
        {
            long nonFinite = Convert.ToInt64(row[3 * i + 2]);
            if (nonFinite > 0)
                throw new InvalidDataException($"Feature column '{columns[i].Name}' holds {nonFinite} NaN or infinite values; features must be finite numbers");
            result[columns[i].Name] = new Normalisation(columns[i].Item2, Convert.ToDouble(row[3 * i]), UsableStd(Convert.ToDouble(row[3 * i + 1])));
        }
        return result;
    }

    // One mean and std over all days of a channel, so every day is scaled alike.
    private static async Task<Normalisation> PooledAsync(IEngine engine, ThresholdSql sql, IReadOnlyList<string> columns, CancellationToken ct)
    {
        var row = (await engine.QueryAsync(sql.Sums(columns, FeatureTransform.SignedLog1p), ct))[0];
        double cells = Convert.ToDouble(row[0]) * columns.Count, sum = 0, squares = 0;
        for (int i = 0; i < columns.Count; i++)
        {
            sum += Convert.ToDouble(row[1 + 2 * i] ?? 0.0);
            squares += Convert.ToDouble(row[2 + 2 * i] ?? 0.0);
        }
        double mean = FiniteMean($"sequence columns {columns[0]} .. {columns[^1]}", sum / cells);
        return new Normalisation(FeatureTransform.SignedLog1p, mean, UsableStd(Math.Sqrt(Math.Max(squares / cells - mean * mean, 0))));
    }

    // A NaN or infinite value anywhere in a column makes its mean so; refuse it here rather than normalise every row into NaN.
    private static double FiniteMean(string column, double mean) => double.IsFinite(mean) ? mean
        : throw new InvalidDataException($"Feature column '{column}' holds NaN or infinite values (its mean is {mean}); features must be finite numbers");

    // A constant feature keeps std 1 so that normalising never divides by zero.
    private static double UsableStd(double std) => std > 1e-12 && double.IsFinite(std) ? std : 1.0;

    private static async Task WriteAtomicallyAsync(string target, string json, CancellationToken ct)
    {
        string folder = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(folder);
        string temporary = Path.Combine(folder, $".{Path.GetFileName(target)}.tmp-{Guid.NewGuid():N}");
        try
        {
            await File.WriteAllTextAsync(temporary, json, ct);
            File.Move(temporary, target, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }
}
