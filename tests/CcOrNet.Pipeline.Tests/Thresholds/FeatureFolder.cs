using System.Globalization;
using CcOrNet.Core.Features;
using CcOrNet.Engines;
using CcOrNet.Engines.DuckDb;

namespace CcOrNet.Pipeline.Tests.Thresholds;

/// <summary>Writes a one-shard features folder with given labels, one heavy-tailed and one plain numeric, a categorical and a 2-day sequence.</summary>
internal static class FeatureFolder
{
    public static async Task<string> WriteAsync(string folder, IReadOnlyList<double> labels, IReadOnlyList<string>? categories = null, bool withLabel = true)
    {
        Directory.CreateDirectory(folder);
        var rows = labels.Select((y, i) =>
            $"({i}, {Number(y * 2)}, {Number(i % 3)}, '{categories?[i] ?? "x"}', {Number(i % 4)}, {Number(i % 2)}, 1.0, 0.0, {Number(y)})");
        string values = string.Join(", ", rows);
        string label = withLabel ? ", ltv" : "";
        await using (var engine = await DuckDbEngine.OpenAsync(new EngineSettings()))
            await engine.ExecuteAsync(engine.Dialect.CopyToParquet(
                $"SELECT user_id, money, plain, country, seq_spend_000, seq_spend_001, seq_events_000, seq_events_001{label} FROM (VALUES {values}) " +
                "t(user_id, money, plain, country, seq_spend_000, seq_spend_001, seq_events_000, seq_events_001, ltv)",
                Path.Combine(folder, ShardHash.FileName(0))));
        var manifest = new FeatureManifest
        {
            AsOf = new DateOnly(2024, 3, 1),
            ObservationDays = 28,
            HorizonDays = 14,
            HasLabel = withLabel,
            Schema = new FeatureSchema
            {
                Numeric = [new NumericFeature("money", HeavyTailed: true), new NumericFeature("plain", HeavyTailed: false)],
                Categorical = ["country"],
                SequenceChannels = ["spend", "events"],
                SequenceLength = 2,
                Label = withLabel ? FeatureSchema.DefaultLabelColumn : null,
            },
            Shards = 1,
            Files = [ShardHash.FileName(0)],
            Rows = labels.Count,
            InputFingerprint = "test",
        };
        await File.WriteAllTextAsync(Path.Combine(folder, FeatureManifest.FileName), manifest.ToJson());
        return folder;
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture) + "::DOUBLE";
}
