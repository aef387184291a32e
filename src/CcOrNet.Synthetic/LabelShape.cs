using System.Runtime.InteropServices;
using CcOrNet.Core.Schema;
using CcOrNet.Core.Tasks;
using CcOrNet.Synthetic.Shape;
using Parquet;
using Parquet.Schema;

namespace CcOrNet.Synthetic;

/// <summary>
/// Measures the label shape of a task on a lake (<c>events/</c>, optional <c>users/</c>): the label
/// of a user known before the cutoff T is the sum of amounts in [T, T+H), floored at 0.
/// </summary>
/// <remarks>
/// Streams the events row group by row group; keeps one small tally per user (about 40 bytes),
/// so memory grows with users, not events. A diagnostic, not a pipeline job.
/// </remarks>
public static class LabelShape
{
    public static LabelShapeReport Compute(string lakeDirectory, PredictionTask task) =>
        ComputeAsync(lakeDirectory, task, CancellationToken.None).GetAwaiter().GetResult();

    public static async Task<LabelShapeReport> ComputeAsync(string lakeDirectory, PredictionTask task, CancellationToken ct)
    {
        string[] eventFiles = ParquetColumn.Files(Path.Combine(lakeDirectory, "events"));
        if (eventFiles.Length == 0)
            throw new FileNotFoundException($"No Parquet files in {Path.Combine(lakeDirectory, "events")}; expected events/part-*.parquet");

        var window = new Window(task);
        var tallies = new Dictionary<long, UserTally>();
        foreach (string file in ParquetColumn.Files(Path.Combine(lakeDirectory, "users")))
            await ReadUsersAsync(file, window, tallies, ct);
        long eventRows = 0;
        foreach (string file in eventFiles)
            eventRows += await ReadEventsAsync(file, window, tallies, ct);
        return Summarise(task, tallies, eventRows);
    }

    private static async Task ReadUsersAsync(string file, Window window, Dictionary<long, UserTally> tallies, CancellationToken ct)
    {
        await using ParquetReader reader = await ParquetReader.CreateAsync(file, cancellationToken: ct);
        DataField idField = ParquetColumn.Require(reader, LakeColumns.Users.UserId, typeof(long), file);
        DataField signupField = ParquetColumn.Require(reader, LakeColumns.Users.SignupTime, typeof(DateTime), file);
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using ParquetRowGroupReader group = reader.OpenRowGroupReader(g);
            int n = checked((int)group.RowCount);
            var ids = new long[n];
            var signups = new DateTime[n];
            await group.ReadAsync<long>(idField, ids, cancellationToken: ct);
            await group.ReadAsync<DateTime>(signupField, signups, cancellationToken: ct);
            for (int i = 0; i < n; i++)
            {
                ref UserTally tally = ref CollectionsMarshal.GetValueRefOrAddDefault(tallies, ids[i], out _);
                tally.Known |= signups[i].Ticks < window.Cutoff;
            }
        }
    }

    private static async Task<long> ReadEventsAsync(string file, Window window, Dictionary<long, UserTally> tallies, CancellationToken ct)
    {
        await using ParquetReader reader = await ParquetReader.CreateAsync(file, cancellationToken: ct);
        DataField idField = ParquetColumn.Require(reader, LakeColumns.Events.UserId, typeof(long), file);
        DataField timeField = ParquetColumn.Require(reader, LakeColumns.Events.EventTime, typeof(DateTime), file);
        DataField typeField = ParquetColumn.Require(reader, LakeColumns.Events.EventType, typeof(string), file);
        DataField amountField = ParquetColumn.Require(reader, LakeColumns.Events.Amount, typeof(double), file);
        long rows = 0;
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using ParquetRowGroupReader group = reader.OpenRowGroupReader(g);
            int n = checked((int)group.RowCount);
            var ids = new long[n];
            var times = new DateTime[n];
            var types = new string[n];
            var amounts = new double[n];
            await group.ReadAsync<long>(idField, ids, cancellationToken: ct);
            await group.ReadAsync<DateTime>(timeField, times, cancellationToken: ct);
            await group.ReadAsync(typeField, types, cancellationToken: ct);
            await group.ReadAsync<double>(amountField, amounts, cancellationToken: ct);
            for (int i = 0; i < n; i++)
            {
                long t = times[i].Ticks;
                ref UserTally tally = ref CollectionsMarshal.GetValueRefOrAddDefault(tallies, ids[i], out _);
                if (t < window.Cutoff)
                {
                    tally.Known = true;
                    if (t >= window.ObservationStart) tally.PastSpend += amounts[i];
                    if (t >= window.QuietStart && types[i] == "purchase") tally.RecentPurchase = true;
                }
                else if (t < window.HorizonEnd)
                {
                    tally.Horizon += amounts[i];
                }
            }
            rows += n;
        }
        return rows;
    }

    private static LabelShapeReport Summarise(PredictionTask task, Dictionary<long, UserTally> tallies, long eventRows)
    {
        // Known users in id order, so ties among whales break by user id.
        var known = tallies.Where(p => p.Value.Known).OrderBy(p => p.Key).Select(p => p.Value).ToArray();
        int n = known.Length;
        double[] labels = known.Select(t => Math.Max(0, t.Horizon)).ToArray();
        double[] past = known.Select(t => t.PastSpend).ToArray();
        int[] byLabel = Enumerable.Range(0, n).OrderByDescending(i => labels[i]).ToArray(); // stable: ties keep id order
        double[] descending = byLabel.Select(i => labels[i]).ToArray();
        double total = descending.Sum();

        int whales = n == 0 ? 0 : LabelStatistics.TopCount(n, 0.01);
        int quiet = byLabel.Take(whales).Count(i => !known[i].RecentPurchase);
        return new LabelShapeReport(
            task,
            n,
            n == 0 ? 0 : labels.Count(y => y == 0) / (double)n,
            n == 0 ? 0 : total / n,
            total,
            LabelStatistics.TopShare(descending, total, 0.01),
            LabelStatistics.TopShare(descending, total, 0.10),
            LabelStatistics.Gini(descending, total),
            whales,
            quiet,
            whales == 0 ? 0 : quiet / (double)whales,
            LabelStatistics.Spearman(past, labels),
            eventRows);
    }

    /// <summary>The task's boundaries in UTC ticks.</summary>
    private readonly struct Window(PredictionTask task)
    {
        public long Cutoff { get; } = Ticks(task.AsOf);
        public long ObservationStart { get; } = Ticks(task.ObservationStart);
        public long HorizonEnd { get; } = Ticks(task.HorizonEnd);
        public long QuietStart { get; } = Ticks(task.AsOf.AddDays(-LabelShapeReport.QuietDays));

        private static long Ticks(DateOnly day) => day.ToDateTime(TimeOnly.MinValue).Ticks;
    }
}
