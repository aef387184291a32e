using System.Diagnostics;
using CcOrNet.Core.Features;
using CcOrNet.Core.Jobs;
using CcOrNet.Engines;
using CcOrNet.Engines.Sql;
using CcOrNet.Lake.Commit;
using Microsoft.Extensions.Logging;

namespace CcOrNet.Pipeline.Features;

/// <summary>
/// <c>ccornet features</c>: one row per user known before the cutoff, point-in-time correct
/// features and (when the horizon is covered) the label, as sharded Parquet plus a manifest.
/// </summary>
/// <remarks>
/// Inputs are checked before anything is written; output is staged next to the target and
/// published only when complete, so a failed run leaves the previous output (or none).
/// </remarks>
public static partial class FeaturesJob
{
    private const int Steps = 4;

    public static async Task<FeaturesResult> RunAsync(FeaturesOptions options, IProgress<JobProgress>? progress, ILogger logger, CancellationToken ct)
    {
        options.Validate();
        var clock = Stopwatch.StartNew();
        var mapping = MappingOf(options);

        await using var engine = await EngineFactory.OpenAsync(options.Engine, logger, ct);
        var sql = new FeatureSql(engine.Dialect);

        progress?.Report(new JobProgress("check inputs", 0, Steps));
        var (plan, events, tableUsers) = await PlanAsync(engine, sql, options, mapping, ct);
        var schema = sql.Schema(plan);
        logger.LogInformation("Features {Task}: {Events} events from {First:yyyy-MM-dd} to {Last:yyyy-MM-dd}, label {Label}, {Columns} columns",
            options.Task, events.Rows, events.FirstDay, events.LastDay, plan.WithLabel ? "yes" : "no (horizon not covered)", schema.AllColumns.Count);

        int passes = options.Passes > 0 ? options.Passes : await AutoPassesAsync(engine, sql, schema, tableUsers, options.Shards, ct);
        logger.LogInformation("Features: inputs checked in {Elapsed:F1}s; {Passes} pass(es) of the feature query", clock.Elapsed.TotalSeconds, passes);

        progress?.Report(new JobProgress("features", 1, Steps));
        using var staged = StagedDirectory.Create(options.OutputDirectory, logger);
        await WriteShardsAsync(engine, sql, plan, options, passes, staged.StagingPath, logger, ct);

        progress?.Report(new JobProgress("manifest", 2, Steps));
        var (rows, positives) = await CountRowsAsync(engine, staged.StagingPath, plan.WithLabel, ct);
        var manifest = new FeatureManifest
        {
            AsOf = options.AsOf,
            ObservationDays = options.ObservationDays,
            HorizonDays = options.HorizonDays,
            HasLabel = plan.WithLabel,
            Schema = schema,
            Shards = options.Shards,
            Files = Enumerable.Range(0, options.Shards).Select(ShardHash.FileName).ToList(),
            Rows = rows,
            PositiveLabels = positives,
            InputFingerprint = InputFingerprint.Of(options, mapping),
            Engine = engine.Description,
        };
        await File.WriteAllTextAsync(Path.Combine(staged.StagingPath, FeatureManifest.FileName), manifest.ToJson(), ct);

        progress?.Report(new JobProgress("commit", 3, Steps));
        ct.ThrowIfCancellationRequested();
        staged.Commit();
        progress?.Report(new JobProgress("commit", Steps, Steps));
        logger.LogInformation("Features: {Rows} users ({Positives} with a positive label) in {Shards} shards at {Output} in {Elapsed:F1}s",
            rows, positives, options.Shards, staged.TargetPath, clock.Elapsed.TotalSeconds);
        return new FeaturesResult(staged.TargetPath, manifest, clock.Elapsed);
    }

    /// <summary>
    /// Checks the inputs and decides what to compute: label or not, attribute values, column names.
    /// <c>TableUsers</c> is the users table's row count (null without one).
    /// </summary>
    internal static async Task<(FeaturePlan Plan, EventStats Events, long? TableUsers)> PlanAsync(
        IEngine engine, FeatureSql sql, FeaturesOptions options, ColumnMapping mapping, CancellationToken ct)
    {
        CheckMapping(mapping, options.UsersPath is not null);
        var (events, attributes) = await CheckEventsAsync(engine, sql, options, mapping.Events, ct);
        bool withLabel = events.CoversHorizon(options.Task);
        if (!withLabel && options.RequireLabel)
            throw new InvalidDataException(
                $"The label needs events up to {options.Task.HorizonEnd.AddDays(-1):yyyy-MM-dd} (end of the {options.HorizonDays}-day horizon), " +
                $"but the last event is on {events.LastDay:yyyy-MM-dd}");
        long? tableUsers = options.UsersPath is null ? null : await CheckUsersAsync(engine, sql, options.UsersPath, mapping.Users, ct);

        var plan = new FeaturePlan
        {
            Task = options.Task,
            SequenceDays = options.SequenceDays,
            WithLabel = withLabel,
            WithUsers = options.UsersPath is not null,
            UserCategoricals = options.UsersPath is null ? [] : mapping.Users.Categorical.Select(FeatureSql.OutputName).ToList(),
            UserNumerics = options.UsersPath is null ? [] : mapping.Users.Numeric.Select(FeatureSql.OutputName).ToList(),
            Attributes = attributes,
        };
        CheckUniqueColumns(sql.Schema(plan));
        return (plan, events, tableUsers);
    }

    /// <summary>
    /// Passes for the engine's memory limit (<see cref="FeaturePasses"/>): one when the engine sizes
    /// itself (Spark). Users are the users table's rows, else an estimate of the events' distinct users
    /// (a scan of one column, only then).
    /// </summary>
    private static async Task<int> AutoPassesAsync(IEngine engine, FeatureSql sql, FeatureSchema schema, long? tableUsers, int shards, CancellationToken ct)
    {
        long? limit = await engine.MemoryLimitAsync(ct);
        if (limit is null) return 1;
        long users = tableUsers ?? Convert.ToInt64((await engine.QueryAsync(sql.ApproxUsers(), ct))[0][0]);
        return FeaturePasses.Choose(users, schema.AllColumns.Count, limit, shards);
    }

    /// <summary>The mapping the options ask for: given in code, from the file, or the lake's names.</summary>
    internal static ColumnMapping MappingOf(FeaturesOptions options) =>
        options.Mapping ?? (options.MappingPath is null ? ColumnMapping.Default : ColumnMapping.Load(options.MappingPath));
}
