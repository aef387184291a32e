using CcOrNet.Core.Features;
using CcOrNet.Core.Schema;
using CcOrNet.Core.Thresholds;
using Parquet;
using Parquet.Schema;

namespace CcOrNet.Pipeline.Tests.Evaluation;

/// <summary>
/// A seeded synthetic evaluation setting written the way the pipeline writes it: a labelled features snapshot
/// (user_id, ltv), predictions partitions following <see cref="PredictionColumns"/> and a thresholds file.
/// Labels are zero-inflated log-normal; a model's predictions are the truth seen through log-scale noise.
/// </summary>
internal sealed class SyntheticEvaluation : IDisposable
{
    public static readonly DateOnly AsOf = new(2025, 6, 1);

    public SyntheticEvaluation(int users = 2000, int seed = 11)
    {
        var random = new Random(seed);
        UserIds = Enumerable.Range(0, users).Select(i => 1000L + 7L * i).ToArray();
        Labels = UserIds.Select(_ => random.NextDouble() < 0.6 ? 0.0 : Math.Round(Math.Exp(2 + 1.3 * Gaussian(random)), 2)).ToArray();
        var positives = Labels.Where(y => y > 0).Order().ToArray();
        Edges = [BucketThresholds.ZeroEdge, positives[positives.Length / 2], positives[positives.Length * 3 / 4]];
    }

    public string Root { get; } = Directory.CreateTempSubdirectory("ccornet-evaluate-test-").FullName;
    public long[] UserIds { get; }
    public double[] Labels { get; }
    public double[] Edges { get; }
    public int Buckets => Edges.Length + 1;

    public string Path(string name) => System.IO.Path.Combine(Root, name);

    /// <summary>A model's prediction columns for every user (rows in label order), noise on the log scale.</summary>
    public PredictionRows Model(double noise, int seed, string version = "test-model")
    {
        var random = new Random(seed);
        int n = UserIds.Length, k = Buckets;
        var rows = new PredictionRows(UserIds.ToArray(), new double[n], new double[n], new int[n],
            Enumerable.Range(0, k).Select(_ => new double[n]).ToArray(), new double[n], new double[n], Enumerable.Repeat(version, n).ToArray(), AsOf);
        for (int i = 0; i < n; i++)
        {
            double guess = Math.Exp(Math.Log(1 + Labels[i]) + noise * Gaussian(random)) - 1;
            var logits = Enumerable.Range(0, k).Select(b => -Math.Abs(b - Bucket(guess)) * 1.5 + 0.3 * Gaussian(random)).ToArray();
            double sum = logits.Sum(Math.Exp);
            for (int b = 0; b < k; b++) rows.Probabilities[b][i] = Math.Exp(logits[b]) / sum;
            rows.Bucket[i] = Enumerable.Range(0, k).MaxBy(b => rows.Probabilities[b][i]);
            rows.LtvPred[i] = rows.Bucket[i] == 0 ? 0 : Math.Max(guess, 0);
            rows.LtvExpected[i] = (1 - rows.Probabilities[0][i]) * Math.Max(guess, 0);
            rows.PPayer[i] = 1 - rows.Probabilities[0][i];
            rows.WhaleScore[i] = rows.Probabilities[k - 1][i];
        }
        return rows;
    }

    public int Bucket(double value) => CcOrNet.Core.Metrics.BucketEdges.BucketOf(Edges, value);

    /// <summary>Writes a committed partition <c>table/dt=YYYY-MM-DD</c> as <paramref name="files"/> part files and <c>_SUCCESS</c>.</summary>
    public async Task<string> WritePartitionAsync(string table, PredictionRows rows, int files = 2, bool success = true, Func<DataField, bool>? keepColumn = null)
    {
        string partition = System.IO.Path.Combine(Path(table), PredictionColumns.Partition(rows.AsOf));
        Directory.CreateDirectory(partition);
        int n = rows.UserIds.Length, per = (n + files - 1) / files;
        for (int f = 0; f < files; f++)
        {
            int start = f * per, count = Math.Max(0, Math.Min(per, n - start));
            var fields = new List<(DataField Field, Func<ParquetRowGroupWriter, Task> Write)>
            {
                Column(PredictionColumns.UserId, rows.UserIds, start, count),
                Column(PredictionColumns.LtvPred, rows.LtvPred, start, count),
                Column(PredictionColumns.LtvExpected, rows.LtvExpected, start, count),
                Column(PredictionColumns.Bucket, rows.Bucket, start, count),
            };
            for (int b = 0; b < rows.Probabilities.Length; b++) fields.Add(Column(PredictionColumns.PBucket(b), rows.Probabilities[b], start, count));
            fields.Add(Column(PredictionColumns.PPayer, rows.PPayer, start, count));
            fields.Add(Column(PredictionColumns.WhaleScore, rows.WhaleScore, start, count));
            var versionField = new DataField<string>(PredictionColumns.ModelVersion);
            fields.Add((versionField, g => g.WriteAsync(versionField, rows.ModelVersion.Skip(start).Take(count).ToArray())));
            fields.Add(Column(PredictionColumns.AsOf, Enumerable.Repeat(rows.AsOf, n).ToArray(), start, count));
            fields = fields.Where(c => keepColumn?.Invoke(c.Field) ?? true).ToList();

            await using var stream = File.Create(System.IO.Path.Combine(partition, $"part-{f:D5}.parquet"));
            await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields.Select(c => (Field)c.Field).ToArray()), stream);
            using var group = writer.CreateRowGroup();
            foreach (var (_, write) in fields) await write(group);
        }
        if (success) await File.WriteAllTextAsync(System.IO.Path.Combine(partition, PredictionColumns.SuccessMarker), "");
        return partition;
    }

    /// <summary>Writes a one-shard labelled features snapshot (user_id, ltv) with its manifest.</summary>
    public async Task<string> WriteLabelsAsync(string name, long[]? userIds = null, double[]? labels = null, bool hasLabel = true, DateOnly? asOf = null)
    {
        string folder = Path(name);
        Directory.CreateDirectory(folder);
        userIds ??= UserIds;
        labels ??= Labels;
        var id = new DataField<long>(FeatureSchema.DefaultIdColumn);
        var ltv = new DataField<double>(FeatureSchema.DefaultLabelColumn);
        await using (var stream = File.Create(System.IO.Path.Combine(folder, ShardHash.FileName(0))))
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(id, ltv), stream))
        using (var group = writer.CreateRowGroup())
        {
            await group.WriteAsync<long>(id, userIds.AsMemory());
            await group.WriteAsync<double>(ltv, labels.AsMemory());
        }
        var manifest = new FeatureManifest
        {
            AsOf = asOf ?? AsOf,
            ObservationDays = 28,
            HorizonDays = 30,
            HasLabel = hasLabel,
            Schema = new FeatureSchema { Label = hasLabel ? FeatureSchema.DefaultLabelColumn : null },
            Shards = 1,
            Files = [ShardHash.FileName(0)],
            Rows = userIds.Length,
            PositiveLabels = labels.Count(y => y > 0),
            InputFingerprint = "synthetic",
        };
        await File.WriteAllTextAsync(System.IO.Path.Combine(folder, FeatureManifest.FileName), manifest.ToJson());
        return folder;
    }

    /// <summary>A thresholds file with this setting's edges (quantiles 0.5 and 0.75: the SVA split is edge t_2).</summary>
    public string WriteThresholds(string name = "thresholds.json")
    {
        var thresholds = new BucketThresholds
        {
            AsOf = AsOf.AddDays(-30),
            FeaturesFingerprint = "synthetic",
            Mode = QuantileMode.Exact,
            Quantiles = [0.5, 0.75],
            BucketEdges = Edges,
            TopEdgeQuantile = 0.999,
            TopEdge = Labels.Max() + 1,
            Counts = new RowCounts(Labels.Length, Labels.Count(y => y > 0)),
            Numeric = new Dictionary<string, Normalisation>(),
            Sequences = new Dictionary<string, Normalisation>(),
            Vocabularies = new Dictionary<string, Vocabulary>(),
        };
        string file = Path(name);
        File.WriteAllText(file, thresholds.ToJson());
        return file;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private static (DataField, Func<ParquetRowGroupWriter, Task>) Column<T>(string name, T[] values, int start, int count) where T : struct
    {
        var field = new DataField<T>(name);
        return (field, g => g.WriteAsync(field, new ReadOnlyMemory<T>(values, start, count)));
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}

/// <summary>The prediction columns of one model, one row per user.</summary>
internal sealed record PredictionRows(
    long[] UserIds, double[] LtvPred, double[] LtvExpected, int[] Bucket, double[][] Probabilities,
    double[] PPayer, double[] WhaleScore, string[] ModelVersion, DateOnly AsOf)
{
    /// <summary>The rows in another order (a permutation from a seeded shuffle) and only the first <paramref name="take"/> of them.</summary>
    public PredictionRows Shuffled(int seed, int? take = null)
    {
        var order = Enumerable.Range(0, UserIds.Length).ToArray();
        new Random(seed).Shuffle(order);
        order = order.Take(take ?? order.Length).ToArray();
        return new PredictionRows(order.Select(i => UserIds[i]).ToArray(), order.Select(i => LtvPred[i]).ToArray(), order.Select(i => LtvExpected[i]).ToArray(),
            order.Select(i => Bucket[i]).ToArray(), Probabilities.Select(p => order.Select(i => p[i]).ToArray()).ToArray(),
            order.Select(i => PPayer[i]).ToArray(), order.Select(i => WhaleScore[i]).ToArray(), order.Select(i => ModelVersion[i]).ToArray(), AsOf);
    }
}
