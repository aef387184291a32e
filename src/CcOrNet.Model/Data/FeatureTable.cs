using CcOrNet.Core.Features;
using CcOrNet.Core.Thresholds;
using Parquet;
using Parquet.Schema;

namespace CcOrNet.Model.Data;

/// <summary>
/// An opened features table (manifest <c>_features.json</c> + Parquet shards) with the thresholds that turn its
/// columns into model inputs: the layout, the row groups to stream and the per-column normalisations/vocabularies.
/// </summary>
public sealed class FeatureTable
{
    private FeatureTable(string directory, FeatureManifest manifest, FeatureSchema schema, BucketThresholds thresholds, IReadOnlyList<RowGroupRef> rowGroups)
    {
        Directory = directory;
        Manifest = manifest;
        Schema = schema;
        Thresholds = thresholds;
        RowGroups = rowGroups;
        Layout = new FeatureLayout(schema.Numeric.Count,
            schema.Categorical.Select(c => thresholds.Vocabularies[c].Size).ToArray(),
            schema.SequenceChannels.Count, schema.SequenceChannels.Count > 0 ? schema.SequenceLength : 0).Validate();
    }

    public string Directory { get; }
    public FeatureManifest Manifest { get; }
    /// <summary>
    /// The columns in the order they become model inputs: the manifest's, or the expected schema's when one was given
    /// (columns are read by name, so a table whose features job wrote the same columns in another order — e.g. category
    /// shares ordered by frequency in that snapshot — feeds every column to the model input it was trained on).
    /// </summary>
    public FeatureSchema Schema { get; }
    public BucketThresholds Thresholds { get; }
    public FeatureLayout Layout { get; }
    public IReadOnlyList<RowGroupRef> RowGroups { get; }
    public bool HasLabel => Manifest.HasLabel && Manifest.Schema.Label is not null;
    public long Rows => RowGroups.Sum(g => (long)g.Rows);

    public string FilePath(int file) => Path.Combine(Directory, Manifest.Files[file]);

    /// <summary>
    /// Opens the table in <paramref name="directory"/>. Fails with <see cref="InvalidDataException"/> when the
    /// thresholds lack a column's statistics, when <paramref name="expectedSchema"/> (e.g. a bundle's) differs, when a
    /// shard misses a column, or when <paramref name="requireLabel"/> and the table has no label.
    /// </summary>
    public static async Task<FeatureTable> OpenAsync(
        string directory, BucketThresholds thresholds, bool requireLabel, FeatureSchema? expectedSchema = null, CancellationToken ct = default)
    {
        var manifest = FeatureManifest.Read(directory);
        var schema = manifest.Schema;
        if (requireLabel && (!manifest.HasLabel || schema.Label is null))
            throw new InvalidDataException(
                $"Features '{directory}' have no label column (the {manifest.HorizonDays}-day horizon after {manifest.AsOf:yyyy-MM-dd} is not in the data); training needs labelled features.");
        if (expectedSchema is not null)
        {
            CheckSchema(directory, expectedSchema, schema);
            schema = expectedSchema with { Label = schema.Label };
        }
        CheckThresholds(directory, thresholds, schema);

        var groups = new List<RowGroupRef>();
        var needed = ExpectedColumns(manifest.Schema, manifest.HasLabel);
        for (int file = 0; file < manifest.Files.Count; file++)
        {
            string path = Path.Combine(directory, manifest.Files[file]);
            if (!File.Exists(path)) throw new FileNotFoundException($"Features shard '{path}' listed in {FeatureManifest.FileName} is missing", path);
            await using var reader = await ParquetReader.CreateAsync(path, cancellationToken: ct);
            var present = reader.Schema.DataFields.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
            var missing = needed.Where(c => !present.Contains(c)).ToList();
            if (missing.Count > 0)
                throw new InvalidDataException($"Features shard '{path}' lacks {missing.Count} column(s) of the manifest's schema: {string.Join(", ", missing.Take(10))}{(missing.Count > 10 ? ", ..." : "")}");
            for (int g = 0; g < reader.RowGroupCount; g++)
            {
                using var group = reader.OpenRowGroupReader(g);
                if (group.RowCount > 0) groups.Add(new RowGroupRef(file, g, checked((int)group.RowCount)));
            }
        }
        return new FeatureTable(directory, manifest, schema, thresholds, groups);
    }

    /// <summary>The same table restricted to <paramref name="rowGroups"/> (a data-parallel worker's shard).</summary>
    public FeatureTable Subset(IReadOnlyList<RowGroupRef> rowGroups) => new(Directory, Manifest, Schema, Thresholds, rowGroups);

    /// <summary>A reader over this table's row groups (single-threaded; keeps shard files open until disposed).</summary>
    /// <param name="buffers">Where the decoded rows' arrays are rented from; null = new arrays per row group.</param>
    public FeatureTableReader CreateReader(FeatureRowsPool? buffers = null) => new(this, buffers);

    internal static IReadOnlyList<string> ExpectedColumns(FeatureSchema schema, bool withLabel) =>
        withLabel || schema.Label is null ? schema.AllColumns : schema.AllColumns.Where(c => c != schema.Label).ToArray();

    /// <summary>Same feature columns in the same roles, in any order (the label may differ: scoring tables have none).</summary>
    private static void CheckSchema(string directory, FeatureSchema expected, FeatureSchema actual)
    {
        var differences = new List<string>();
        if (expected.IdColumn != actual.IdColumn) differences.Add($"id column: expected '{expected.IdColumn}', actual '{actual.IdColumn}'");
        Compare(differences, "numeric", expected.Numeric.Select(n => $"{n.Name}{(n.HeavyTailed ? " (heavy-tailed)" : "")}").ToList(),
            actual.Numeric.Select(n => $"{n.Name}{(n.HeavyTailed ? " (heavy-tailed)" : "")}").ToList());
        Compare(differences, "categorical", expected.Categorical, actual.Categorical);
        Compare(differences, "sequence channel", expected.SequenceChannels, actual.SequenceChannels);
        if (expected.SequenceLength != actual.SequenceLength)
            differences.Add($"sequence length: expected {expected.SequenceLength} days, actual {actual.SequenceLength}");
        if (differences.Count > 0)
            throw new InvalidDataException($"Features '{directory}' do not match the model's feature schema: {string.Join("; ", differences)}");
    }

    private static void Compare(List<string> differences, string role, IReadOnlyList<string> expected, IReadOnlyList<string> actual)
    {
        var missing = expected.Except(actual).ToList();
        var extra = actual.Except(expected).ToList();
        if (missing.Count > 0) differences.Add($"{role} column(s) missing: {string.Join(", ", missing)}");
        if (extra.Count > 0) differences.Add($"unexpected {role} column(s): {string.Join(", ", extra)}");
    }

    private static void CheckThresholds(string directory, BucketThresholds thresholds, FeatureSchema schema)
    {
        var missing = schema.Numeric.Where(n => !thresholds.Numeric.ContainsKey(n.Name)).Select(n => $"numeric '{n.Name}'")
            .Concat(schema.Categorical.Where(c => !thresholds.Vocabularies.ContainsKey(c)).Select(c => $"vocabulary '{c}'"))
            .Concat(schema.SequenceChannels.Where(c => !thresholds.Sequences.ContainsKey(c)).Select(c => $"sequence channel '{c}'"))
            .ToList();
        if (missing.Count > 0)
            throw new InvalidDataException(
                $"The thresholds (computed from features fingerprint {thresholds.FeaturesFingerprint}) lack statistics for columns of features '{directory}': {string.Join(", ", missing)}");
    }
}
