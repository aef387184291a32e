using CcOrNet.Core.Features;
using Parquet;

namespace CcOrNet.Pipeline.Evaluation;

/// <summary>The label of every user in a labelled features snapshot: <c>user_id</c> and <c>ltv</c> only, checked on read.</summary>
public sealed class LabelTable
{
    private LabelTable(string directory, FeatureManifest manifest, long[] userIds, double[] labels)
    {
        Directory = directory;
        Manifest = manifest;
        UserIds = userIds;
        Labels = labels;
    }

    public string Directory { get; }
    public FeatureManifest Manifest { get; }
    public DateOnly AsOf => Manifest.AsOf;
    public int Count => UserIds.Length;
    public long[] UserIds { get; }
    /// <summary>The label <c>ltv</c>: the value in the horizon after <see cref="AsOf"/>, &gt;= 0.</summary>
    public double[] Labels { get; }

    /// <summary>
    /// Reads the snapshot in <paramref name="directory"/>. Fails when it has no label, a shard is missing, or labels are
    /// null, NaN, infinite or negative, or a user appears twice.
    /// </summary>
    public static async Task<LabelTable> ReadAsync(string directory, CancellationToken ct = default)
    {
        string folder = Path.GetFullPath(directory);
        var manifest = FeatureManifest.Read(folder);
        string? label = manifest.Schema.Label;
        if (!manifest.HasLabel || label is null)
            throw new InvalidDataException(
                $"Features '{folder}' have no label column (the {manifest.HorizonDays}-day horizon after {manifest.AsOf:yyyy-MM-dd} was not in the data); evaluation needs a labelled snapshot");

        var ids = new List<long>((int)Math.Min(manifest.Rows, int.MaxValue));
        var labels = new List<double>(ids.Capacity);
        foreach (string name in manifest.Files)
        {
            string file = Path.Combine(folder, name);
            if (!File.Exists(file)) throw new FileNotFoundException($"Features shard '{file}' listed in {FeatureManifest.FileName} is missing", file);
            await using var reader = await ParquetReader.CreateAsync(file, cancellationToken: ct);
            var idField = ParquetColumn.Find(reader.Schema, manifest.Schema.IdColumn, file, typeof(long));
            var labelField = ParquetColumn.Find(reader.Schema, label, file, typeof(double));
            for (int g = 0; g < reader.RowGroupCount; g++)
            {
                using var group = reader.OpenRowGroupReader(g);
                int n = checked((int)group.RowCount);
                ids.AddRange(await ParquetColumn.ReadAsync<long>(group, idField, n, file, ct));
                labels.AddRange(await ParquetColumn.ReadAsync<double>(group, labelField, n, file, ct));
            }
        }
        var table = new LabelTable(folder, manifest, [.. ids], [.. labels]);
        table.Check(label);
        return table;
    }

    private void Check(string label)
    {
        var problems = new List<string>();
        if (Count == 0) problems.Add("no rows");
        int bad = Labels.Count(y => !double.IsFinite(y) || y < 0);
        if (bad > 0)
        {
            int first = Array.FindIndex(Labels, y => !double.IsFinite(y) || y < 0);
            problems.Add($"{bad} {label} value(s) are NaN, infinite or negative (first: user {UserIds[first]} has {Labels[first]}); expected finite values >= 0");
        }
        var duplicates = PredictionTable.Duplicates(UserIds);
        if (duplicates.Count > 0) problems.Add($"{duplicates.Count} user_id(s) appear more than once (e.g. {string.Join(", ", duplicates.Take(5))})");
        if (problems.Count > 0) throw new InvalidDataException($"The labels in features '{Directory}' are not usable: {string.Join("; ", problems)}");
    }
}
