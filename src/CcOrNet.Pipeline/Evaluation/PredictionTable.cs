using System.Text.RegularExpressions;
using CcOrNet.Core.Schema;
using Parquet;

namespace CcOrNet.Pipeline.Evaluation;

/// <summary>
/// One predictions partition in memory, column by column (the BI contract of <see cref="PredictionColumns"/>):
/// row i of every array is one user. Checked on read: required columns and types, no nulls, no NaN or infinite
/// values, buckets within <c>[0, K)</c>, no user twice.
/// </summary>
public sealed partial class PredictionTable
{
    private static readonly ParquetOptions Options = new() { UseDateOnlyTypeForDates = true };

    private PredictionTable(PredictionPartition partition, Columns columns)
    {
        Partition = partition;
        UserIds = [.. columns.UserIds];
        LtvPred = [.. columns.LtvPred];
        LtvExpected = [.. columns.LtvExpected];
        Bucket = [.. columns.Bucket];
        BucketProbabilities = columns.BucketProbabilities.Select(p => p.ToArray()).ToArray();
        PPayer = [.. columns.PPayer];
        WhaleScore = [.. columns.WhaleScore];
        ModelVersions = columns.ModelVersions.Order(StringComparer.Ordinal).ToArray();
        AsOfDates = columns.AsOfDates.Order().ToArray();
    }

    public PredictionPartition Partition { get; }
    public int Count => UserIds.Length;
    /// <summary>K: the number of <c>p_bucket_*</c> columns.</summary>
    public int BucketCount => BucketProbabilities.Count;
    public long[] UserIds { get; }
    public double[] LtvPred { get; }
    public double[] LtvExpected { get; }
    public int[] Bucket { get; }
    /// <summary>K columns, <c>p_bucket_0</c> first.</summary>
    public IReadOnlyList<double[]> BucketProbabilities { get; }
    public double[] PPayer { get; }
    public double[] WhaleScore { get; }
    /// <summary>Distinct <c>model_version</c> values (one, unless the partition mixes bundles).</summary>
    public IReadOnlyList<string> ModelVersions { get; }
    /// <summary>Distinct <c>as_of</c> values (one in a well-formed partition).</summary>
    public IReadOnlyList<DateOnly> AsOfDates { get; }

    /// <summary>Reads every file of a committed partition (see <see cref="PredictionPartition.Resolve"/>).</summary>
    public static async Task<PredictionTable> ReadAsync(PredictionPartition partition, CancellationToken ct = default)
    {
        var columns = new Columns();
        int? bucketCount = null;
        foreach (string file in partition.Files)
        {
            await using var reader = await ParquetReader.CreateAsync(file, Options, cancellationToken: ct);
            int k = BucketColumns(reader.Schema.DataFields.Select(f => f.Name), file);
            if (bucketCount is { } expected && k != expected)
                throw new InvalidDataException($"'{file}' has {k} p_bucket_* columns; expected {expected} like the partition's other files");
            bucketCount = k;
            RequireColumns(reader.Schema, k, file);
            while (columns.BucketProbabilities.Count < k) columns.BucketProbabilities.Add([]);
            for (int g = 0; g < reader.RowGroupCount; g++)
            {
                using var group = reader.OpenRowGroupReader(g);
                await columns.ReadAsync(reader.Schema, group, k, file, ct);
            }
        }
        var table = new PredictionTable(partition, columns);
        table.Check();
        return table;
    }

    /// <summary>Reads the partition at <paramref name="path"/> (a partition, or a table and the partition of <paramref name="asOf"/>).</summary>
    public static Task<PredictionTable> ReadAsync(string path, DateOnly asOf, CancellationToken ct = default) =>
        ReadAsync(PredictionPartition.Resolve(path, asOf), ct);

    /// <summary>K from the <c>p_bucket_0..p_bucket_{K-1}</c> columns, which must be contiguous and at least 2.</summary>
    private static int BucketColumns(IEnumerable<string> names, string file)
    {
        var indices = names.Select(n => BucketColumn().Match(n)).Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value)).Order().ToList();
        if (indices.Count < 2 || indices[0] != 0 || indices[^1] != indices.Count - 1)
            throw new InvalidDataException(
                $"'{file}' has p_bucket columns [{string.Join(", ", indices)}]; expected p_bucket_0 .. p_bucket_{{K-1}} with K >= 2");
        return indices.Count;
    }

    /// <summary>Every contract column present, all missing ones named in one error (the types are checked as they are read).</summary>
    private static void RequireColumns(Parquet.Schema.ParquetSchema schema, int k, string file)
    {
        string[] required =
        [
            PredictionColumns.UserId, PredictionColumns.LtvPred, PredictionColumns.LtvExpected, PredictionColumns.Bucket,
            .. Enumerable.Range(0, k).Select(PredictionColumns.PBucket),
            PredictionColumns.PPayer, PredictionColumns.WhaleScore, PredictionColumns.ModelVersion, PredictionColumns.AsOf,
        ];
        var present = schema.DataFields.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        var missing = required.Where(c => !present.Contains(c)).ToList();
        if (missing.Count > 0)
            throw new InvalidDataException(
                $"Predictions file '{file}' lacks {missing.Count} column(s) of the predictions contract: {string.Join(", ", missing)}; it has {string.Join(", ", present)}");
    }

    private void Check()
    {
        string where = $"predictions '{Partition.Directory}'";
        var problems = new List<string>();
        if (Count == 0) problems.Add("no rows");
        NonFinite(problems, PredictionColumns.LtvPred, LtvPred);
        NonFinite(problems, PredictionColumns.LtvExpected, LtvExpected);
        NonFinite(problems, PredictionColumns.PPayer, PPayer);
        NonFinite(problems, PredictionColumns.WhaleScore, WhaleScore);
        for (int b = 0; b < BucketCount; b++) NonFinite(problems, PredictionColumns.PBucket(b), BucketProbabilities[b]);
        int outside = Bucket.Count(b => (uint)b >= (uint)BucketCount);
        if (outside > 0)
        {
            int first = Array.FindIndex(Bucket, b => (uint)b >= (uint)BucketCount);
            problems.Add($"{outside} bucket value(s) outside [0, {BucketCount}) (first: user {UserIds[first]} has {Bucket[first]})");
        }
        var duplicates = Duplicates(UserIds);
        if (duplicates.Count > 0) problems.Add($"{duplicates.Count} user_id(s) appear more than once (e.g. {string.Join(", ", duplicates.Take(5))})");
        if (AsOfDates.Count > 1) problems.Add($"as_of holds {AsOfDates.Count} dates ({string.Join(", ", AsOfDates.Select(d => d.ToString("yyyy-MM-dd")))}); expected one per partition");
        if (problems.Count > 0) throw new InvalidDataException($"The {where} are not usable: {string.Join("; ", problems)}");

        void NonFinite(List<string> list, string column, double[] values)
        {
            int bad = values.Count(v => !double.IsFinite(v));
            if (bad == 0) return;
            int first = Array.FindIndex(values, v => !double.IsFinite(v));
            list.Add($"column {column} has {bad} NaN or infinite value(s) (first: user {UserIds[first]} has {values[first]})");
        }
    }

    /// <summary>User ids that occur more than once, ascending.</summary>
    internal static List<long> Duplicates(long[] ids)
    {
        var sorted = ids.ToArray();
        Array.Sort(sorted);
        var duplicates = new List<long>();
        for (int i = 1; i < sorted.Length; i++)
            if (sorted[i] == sorted[i - 1] && (duplicates.Count == 0 || duplicates[^1] != sorted[i])) duplicates.Add(sorted[i]);
        return duplicates;
    }

    [GeneratedRegex(@"^p_bucket_(\d+)$")]
    private static partial Regex BucketColumn();

    /// <summary>Growing columns while the files are read.</summary>
    private sealed class Columns
    {
        public List<long> UserIds { get; } = [];
        public List<double> LtvPred { get; } = [];
        public List<double> LtvExpected { get; } = [];
        public List<int> Bucket { get; } = [];
        public List<List<double>> BucketProbabilities { get; } = [];
        public List<double> PPayer { get; } = [];
        public List<double> WhaleScore { get; } = [];
        public HashSet<string> ModelVersions { get; } = new(StringComparer.Ordinal);
        public HashSet<DateOnly> AsOfDates { get; } = [];

        public async Task ReadAsync(Parquet.Schema.ParquetSchema schema, ParquetRowGroupReader group, int k, string file, CancellationToken ct)
        {
            int n = checked((int)group.RowCount);
            UserIds.AddRange(await ParquetColumn.ReadAsync<long>(group, ParquetColumn.Find(schema, PredictionColumns.UserId, file, typeof(long)), n, file, ct));
            LtvPred.AddRange(await DoublesAsync(PredictionColumns.LtvPred));
            LtvExpected.AddRange(await DoublesAsync(PredictionColumns.LtvExpected));
            Bucket.AddRange(await ParquetColumn.ReadAsync<int>(group, ParquetColumn.Find(schema, PredictionColumns.Bucket, file, typeof(int)), n, file, ct));
            for (int b = 0; b < k; b++) BucketProbabilities[b].AddRange(await DoublesAsync(PredictionColumns.PBucket(b)));
            PPayer.AddRange(await DoublesAsync(PredictionColumns.PPayer));
            WhaleScore.AddRange(await DoublesAsync(PredictionColumns.WhaleScore));
            ModelVersions.UnionWith(await ParquetColumn.ReadStringsAsync(group, ParquetColumn.Find(schema, PredictionColumns.ModelVersion, file, typeof(string), typeof(ReadOnlyMemory<char>)), n, file, ct));
            var asOf = ParquetColumn.Find(schema, PredictionColumns.AsOf, file, typeof(DateOnly), typeof(DateTime));
            if (asOf.ClrType == typeof(DateOnly)) AsOfDates.UnionWith(await ParquetColumn.ReadAsync<DateOnly>(group, asOf, n, file, ct));
            else AsOfDates.UnionWith((await ParquetColumn.ReadAsync<DateTime>(group, asOf, n, file, ct)).Select(DateOnly.FromDateTime));

            Task<double[]> DoublesAsync(string column) =>
                ParquetColumn.ReadAsync<double>(group, ParquetColumn.Find(schema, column, file, typeof(double)), n, file, ct);
        }
    }
}
