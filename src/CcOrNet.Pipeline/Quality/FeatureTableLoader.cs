using CcOrNet.Core.Features;
using CcOrNet.Core.Thresholds;
using CcOrNet.Model.Data;
using DuckDB.NET.Data;

namespace CcOrNet.Pipeline.Quality;

/// <summary>
/// Reads a labelled features table into memory and normalises it with a thresholds file (numeric and sequence
/// standardisation, categorical vocabularies). A bench-sized stand-in for the train job's streaming loader: memory
/// grows with the number of users (about 0.6 KB per user with the default schema).
/// </summary>
internal static class FeatureTableLoader
{
    /// <summary>Loads every row ordered by user_id.</summary>
    /// <param name="directory">Features folder with its manifest.</param>
    /// <param name="thresholds">Normalisation and vocabularies (from the training snapshot).</param>
    /// <param name="pastSpendColumn">Numeric column kept raw for the past-spend heuristic.</param>
    public static LoadedFeatures Load(string directory, BucketThresholds thresholds, string pastSpendColumn)
    {
        var manifest = FeatureManifest.Read(directory);
        var schema = manifest.Schema;
        if (!manifest.HasLabel || schema.Label is null)
            throw new InvalidDataException($"Features '{directory}' have no label column; the quality bench needs labelled snapshots.");
        var problems = new List<string>();
        if (schema.Numeric.All(n => n.Name != pastSpendColumn))
            problems.Add($"past-spend column '{pastSpendColumn}' is not a numeric feature");
        problems.AddRange(schema.Numeric.Where(n => !thresholds.Numeric.ContainsKey(n.Name)).Select(n => $"numeric '{n.Name}' has no normalisation"));
        problems.AddRange(schema.SequenceChannels.Where(c => !thresholds.Sequences.ContainsKey(c)).Select(c => $"sequence channel '{c}' has no normalisation"));
        problems.AddRange(schema.Categorical.Where(c => !thresholds.Vocabularies.ContainsKey(c)).Select(c => $"categorical '{c}' has no vocabulary"));
        if (problems.Count > 0)
            throw new InvalidDataException($"Features '{directory}' do not match the thresholds (as of {thresholds.AsOf:yyyy-MM-dd}): {string.Join("; ", problems)}");

        var numericNorm = schema.Numeric.Select(n => thresholds.Numeric[n.Name]).ToArray();
        var vocabularies = schema.Categorical.Select(c => thresholds.Vocabularies[c]).ToArray();
        var channelNorm = schema.SequenceChannels.Select(c => thresholds.Sequences[c]).ToArray();
        var layout = new FeatureLayout(schema.Numeric.Count, vocabularies.Select(v => v.Size).ToArray(),
            schema.SequenceChannels.Count, schema.SequenceLength).Validate();

        int rows = checked((int)manifest.Rows);
        int fn = layout.NumericCount, fc = layout.CategoricalCount, c = layout.SequenceChannels, d = layout.SequenceDays;
        var ids = new long[rows];
        var numeric = new float[(long)rows * fn];
        var categorical = new long[(long)rows * fc];
        var sequence = new float[(long)rows * c * d];
        var label = new double[rows];
        var pastSpend = new double[rows];
        int pastSpendIndex = schema.Numeric.ToList().FindIndex(n => n.Name == pastSpendColumn);

        var files = manifest.Files.Select(f => "'" + Path.Combine(directory, f).Replace("'", "''") + "'");
        var columns = schema.AllColumns.Select(Quote);
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {string.Join(", ", columns)} FROM read_parquet([{string.Join(", ", files)}]) ORDER BY {Quote(schema.IdColumn)}";
        using var reader = command.ExecuteReader();
        int row = 0;
        while (reader.Read())
        {
            if (row == rows)
                throw new InvalidDataException($"Features '{directory}' hold more rows than the manifest's {rows}.");
            int col = 0;
            ids[row] = reader.GetInt64(col++);
            for (int j = 0; j < fn; j++, col++)
            {
                double x = reader.GetDouble(col);
                if (j == pastSpendIndex) pastSpend[row] = x;
                numeric[(long)row * fn + j] = (float)numericNorm[j].Normalise(x);
            }
            for (int j = 0; j < fc; j++, col++)
                categorical[(long)row * fc + j] = vocabularies[j].IndexOf(reader.IsDBNull(col) ? null : reader.GetString(col));
            for (int ch = 0; ch < c; ch++)
                for (int day = 0; day < d; day++, col++)
                    sequence[((long)row * c + ch) * d + day] = (float)channelNorm[ch].Normalise(reader.GetDouble(col));
            label[row] = reader.GetDouble(col);
            row++;
        }
        if (row != rows)
            throw new InvalidDataException($"Features '{directory}' hold {row} rows; the manifest says {rows}.");
        return new LoadedFeatures(layout, ids, numeric, categorical, sequence, label, pastSpend);
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";
}
