using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using CcOrNet.Lake.Predictions;
using CcOrNet.Model.Data;
using CcOrNet.Model.Models;
using Polly;
using static TorchSharp.torch;

namespace CcOrNet.Pipeline.Scoring;

/// <summary>
/// Scores one features shard into one predictions file as a three-stage pipeline: a background task decodes row groups
/// into batches, the calling task runs the model, a background task writes row groups. Bounded channels between the
/// stages keep memory at a few batches; rows leave in input order.
/// </summary>
internal sealed class ShardScorer(FeatureTable table, ILtvModel model, PredictionSchema schema, string modelVersion, DateOnly asOf, ScoreOptions options,
    ResiliencePipeline inference)
{
    /// <summary>Writes the shard's predictions to <paramref name="output"/>; <paramref name="scored"/> gets each batch's size.</summary>
    public async ValueTask<ShardTally> ScoreAsync(IReadOnlyList<RowGroupRef> groups, Stream output, Action<int> scored, CancellationToken ct)
    {
        var tally = new ShardTally(schema.Buckets, table.Layout.NumericCount, table.Layout.CategoricalCount);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var decoded = Channel.CreateBounded<FeatureRows>(new BoundedChannelOptions(options.Prefetch) { SingleReader = true, SingleWriter = true });
        var predicted = Channel.CreateBounded<PredictionBatch>(new BoundedChannelOptions(options.Prefetch) { SingleReader = true, SingleWriter = true });
        var decode = Task.Run(() => DecodeAsync(groups, decoded.Writer, stop.Token), CancellationToken.None);
        var write = Task.Run(() => WriteAsync(output, predicted.Reader, stop), CancellationToken.None);

        Exception? failure = null;
        try
        {
            await foreach (var rows in decoded.Reader.ReadAllAsync(stop.Token))
            {
                var batch = Predict(rows);
                tally.Add(rows, batch);
                await predicted.Writer.WriteAsync(batch, stop.Token);
                scored(batch.Count);
            }
            predicted.Writer.Complete();
        }
        catch (Exception e)
        {
            failure = e;
            stop.Cancel();
            predicted.Writer.TryComplete();
        }
        try { await Task.WhenAll(decode, write); }
        catch (Exception) when (decode.IsFaulted || write.IsFaulted || write.IsCanceled) { }

        // The root cause wins over the cancellations it caused in the other stages.
        var cause = write.Exception?.InnerException is { } w and not OperationCanceledException ? w
            : failure is not null and not OperationCanceledException ? failure
            : null;
        if (cause is not null) ExceptionDispatchInfo.Throw(cause);
        ct.ThrowIfCancellationRequested();
        if (failure is not null) ExceptionDispatchInfo.Throw(failure);
        return tally;
    }

    private PredictionBatch Predict(FeatureRows rows)
    {
        var p = inference.Execute(static state =>
        {
            using var scope = NewDisposeScope();
            using var batch = state.rows.ToBatch(state.model.Layout);
            return state.model.Predict(batch);
        }, (rows, model));
        return new PredictionBatch(rows.UserIds, p.LtvPred, p.LtvExpected, p.Bucket, p.BucketProbabilities, p.PPayer, p.WhaleScore);
    }

    /// <summary>Row groups in file order, cut into batches; a failure completes the channel with the error.</summary>
    private async Task DecodeAsync(IReadOnlyList<RowGroupRef> groups, ChannelWriter<FeatureRows> batches, CancellationToken ct)
    {
        try
        {
            await using var reader = table.CreateReader();
            foreach (var group in groups)
            {
                var rows = await reader.ReadAsync(group, ct);
                for (int start = 0; start < rows.Count; start += options.BatchSize)
                    await batches.WriteAsync(Slice(rows, start, Math.Min(options.BatchSize, rows.Count - start)), ct);
            }
            batches.Complete();
        }
        catch (Exception e)
        {
            batches.TryComplete(e);
        }
    }

    private async Task WriteAsync(Stream output, ChannelReader<PredictionBatch> batches, CancellationTokenSource stop)
    {
        try
        {
            var writer = await PredictionFileWriter.CreateAsync(output, schema, modelVersion, asOf, options.RowGroupRows, stop.Token);
            await using (writer)
            {
                await foreach (var batch in batches.ReadAllAsync(stop.Token))
                    await writer.AppendAsync(batch, stop.Token);
                await writer.CompleteAsync(stop.Token);
            }
        }
        catch
        {
            stop.Cancel();
            throw;
        }
    }

    private FeatureRows Slice(FeatureRows rows, int start, int count)
    {
        if (start == 0 && count == rows.Count) return rows;
        var layout = table.Layout;
        int fn = layout.NumericCount, fc = layout.CategoricalCount, fs = layout.SequenceChannels * layout.SequenceDays;
        return new FeatureRows(count,
            rows.UserIds.AsSpan(start, count).ToArray(),
            rows.Numeric.AsSpan(start * fn, count * fn).ToArray(),
            rows.Categorical.AsSpan(start * fc, count * fc).ToArray(),
            rows.Sequence.AsSpan(start * fs, count * fs).ToArray(),
            rows.Label?.AsSpan(start, count).ToArray());
    }
}
