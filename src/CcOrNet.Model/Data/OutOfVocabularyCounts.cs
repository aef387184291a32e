using CcOrNet.Core.Thresholds;

namespace CcOrNet.Model.Data;

/// <summary>Counts, per categorical feature, the rows whose value is out of the vocabulary (index 0).</summary>
public sealed class OutOfVocabularyCounts(int categoricalFeatures)
{
    public long Rows { get; private set; }
    public long[] Counts { get; } = new long[categoricalFeatures];

    public void Add(FeatureRows rows)
    {
        int features = Counts.Length;
        for (int row = 0, at = 0; row < rows.Count; row++)
            for (int f = 0; f < features; f++, at++)
                if (rows.Categorical[at] == Vocabulary.OutOfVocabulary) Counts[f]++;
        Rows += rows.Count;
    }

    public void AddTo(OutOfVocabularyCounts total)
    {
        total.Rows += Rows;
        for (int f = 0; f < Counts.Length; f++) total.Counts[f] += Counts[f];
    }

    /// <summary>Share of rows out of the vocabulary, by feature name (in layout order).</summary>
    public IReadOnlyDictionary<string, double> Shares(IReadOnlyList<string> names) =>
        names.Select((name, f) => (name, f)).ToDictionary(x => x.name, x => Counts[x.f] / (double)Math.Max(1, Rows));
}
