using System.Runtime.CompilerServices;
using CcOrNet.Model.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace CcOrNet.Model.Bundles;

/// <summary>
/// Streams a features table (labelled or not) through a bundle's model: the bundle's thresholds normalise it, its
/// schema must match the table's, and users come out in file order in chunks of at most the batch size.
/// </summary>
public sealed class BundleScorer(ModelBundle bundle)
{
    /// <summary>Opens <paramref name="featuresDirectory"/> against the bundle; <see cref="InvalidDataException"/> naming the differing columns when the schemas differ.</summary>
    public Task<FeatureTable> OpenAsync(string featuresDirectory, CancellationToken ct = default) =>
        FeatureTable.OpenAsync(featuresDirectory, bundle.Manifest.Thresholds, requireLabel: false, bundle.Manifest.Schema, ct);

    /// <summary>Per-user predictions for every row of <paramref name="featuresDirectory"/> (optionally only users kept by <paramref name="keep"/>).</summary>
    public async IAsyncEnumerable<ScoredChunk> ScoreAsync(
        string featuresDirectory, int batchSize = 4096, Func<long, bool>? keep = null, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var table = await OpenAsync(featuresDirectory, ct);
        await foreach (var chunk in ScoreAsync(table, batchSize, keep, ct))
            yield return chunk;
    }

    /// <summary>Per-user predictions for an already opened table (see <see cref="OpenAsync"/>).</summary>
    public async IAsyncEnumerable<ScoredChunk> ScoreAsync(
        FeatureTable table, int batchSize = 4096, Func<long, bool>? keep = null, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var options = new BatchStreamOptions(BatchSize: batchSize, Shuffle: false, Keep: keep);
        var model = bundle.Model;
        model.SetTraining(false);
        await foreach (var rows in BatchStream.ReadAsync(table, options, epoch: 0, ct))
        {
            Models.Predictions predictions;
            using (NewDisposeScope())
            using (var batch = rows.ToBatch(model.Layout))
                predictions = model.Predict(batch);
            yield return new ScoredChunk(rows.UserIds, predictions, rows.Label);
        }
    }
}
