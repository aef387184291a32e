using CcOrNet.Core.Features;
using CcOrNet.Core.Thresholds;
using CcOrNet.Model.Data;

namespace CcOrNet.Pipeline.Quality;

/// <summary>
/// A labelled features table opened for streaming (<see cref="BatchStream"/>), plus the few per-user numbers the bench
/// keeps in memory: user id, raw label and the raw past-spend column (the heuristic's prediction), in the table's
/// row-group order — the order an unshuffled <see cref="BatchStream"/> yields. Memory: 24 bytes per user, whatever the
/// number of features; the model inputs are decoded batch by batch.
/// </summary>
/// <param name="Table">The opened table (normalised with the training snapshot's thresholds).</param>
/// <param name="UserIds">user_id per row.</param>
/// <param name="Label">ltv per row (raw scale).</param>
/// <param name="PastSpend">The past-spend feature per row, unnormalised.</param>
internal sealed record LabelledSnapshot(FeatureTable Table, long[] UserIds, double[] Label, double[] PastSpend)
{
    public int Count => UserIds.Length;

    /// <summary>
    /// Opens <paramref name="directory"/> and reads its ids, labels and <paramref name="pastSpendColumn"/>; with
    /// <paramref name="expectedSchema"/> (the training snapshot's) a table with other feature columns is refused.
    /// </summary>
    public static async Task<LabelledSnapshot> ReadAsync(
        string directory, BucketThresholds thresholds, string pastSpendColumn, CancellationToken ct, FeatureSchema? expectedSchema = null)
    {
        var table = await FeatureTable.OpenAsync(directory, thresholds, requireLabel: true, expectedSchema, ct);
        if (table.Schema.Numeric.All(n => n.Name != pastSpendColumn))
            throw new InvalidDataException(
                $"Features '{directory}' have no numeric column '{pastSpendColumn}' for the past-spend heuristic; numeric columns: {string.Join(", ", table.Schema.Numeric.Select(n => n.Name))}");
        int rows = checked((int)table.Rows);
        var ids = new long[rows];
        var labels = new double[rows];
        var pastSpend = new double[rows];
        int row = 0;
        await using var reader = table.CreateReader();
        foreach (var group in table.RowGroups)
        {
            var (groupIds, groupLabels) = await reader.ReadLabelsAsync(group, ct);
            var groupSpend = await reader.ReadRawAsync(group, pastSpendColumn, ct);
            groupIds.CopyTo(ids, row);
            groupLabels.CopyTo(labels, row);
            groupSpend.CopyTo(pastSpend, row);
            row += group.Rows;
        }
        return new LabelledSnapshot(table, ids, labels, pastSpend);
    }
}
