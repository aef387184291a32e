using CcOrNet.Core.Features;
using CcOrNet.Model.Data;

namespace CcOrNet.Pipeline.Tests.Training;

[Collection("Training")]
public sealed class FeatureStreamTests(TrainingLake lake)
{
    [Fact]
    public async Task ReadAsync_ShuffledEpoch_YieldsEveryRowExactlyOnceInBatchesOfTheGivenSize()
    {
        var table = await FeatureTable.OpenAsync(lake.FeaturesDirectory, lake.Thresholds, requireLabel: true);
        var options = new BatchStreamOptions(BatchSize: 300, Seed: 3, ShuffleRowGroups: 2);

        var batches = await StreamedBatches.EpochAsync(table, options);

        var ids = batches.SelectMany(b => b.UserIds).ToList();
        Assert.Equal(lake.Manifest.Rows, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(batches.SkipLast(1), b => Assert.Equal(300, b.Count));
        var fromParquet = await ParquetColumns.ReadAsync(lake.FeaturesDirectory, lake.Manifest.Files, ["user_id"]);
        Assert.Equal(fromParquet["user_id"].Select(v => (long)v!).Order(), ids.Order());
    }

    [Fact]
    public async Task ReadAsync_Epochs_SameSeedSameOrderOtherEpochOtherOrder()
    {
        var table = await FeatureTable.OpenAsync(lake.FeaturesDirectory, lake.Thresholds, requireLabel: true);
        var options = new BatchStreamOptions(BatchSize: 500, Seed: 11);

        var first = (await StreamedBatches.EpochAsync(table, options, 0)).SelectMany(b => b.UserIds).ToArray();
        var again = (await StreamedBatches.EpochAsync(table, options, 0)).SelectMany(b => b.UserIds).ToArray();
        var next = (await StreamedBatches.EpochAsync(table, options, 1)).SelectMany(b => b.UserIds).ToArray();

        Assert.Equal(first, again);
        Assert.NotEqual(first, next);
    }

    [Fact]
    public async Task ReadAsync_ShuffledEpoch_BatchesAreTheDecodedRowGroupRowsInTheSeededShuffleOrder()
    {
        // Pins the batches (rows, order, values) against the order the stream documents: seeded row-group order, rows of
        // each buffer of ShuffleRowGroups groups (plus the previous buffer's remainder) shuffled, then cut into batches.
        var table = await FeatureTable.OpenAsync(lake.FeaturesDirectory, lake.Thresholds, requireLabel: true);
        var options = new BatchStreamOptions(BatchSize: 170, Seed: 5, ShuffleRowGroups: 2);
        var random = new Random(BatchStream.EpochSeed(options.Seed, 2));
        var groups = table.RowGroups.ToArray();
        random.Shuffle(groups);
        var decoded = new List<FeatureRows>();
        await using (var reader = table.CreateReader())
            foreach (var group in groups) decoded.Add(await reader.ReadAsync(group));
        var expected = new List<(FeatureRows Rows, int Row)>();
        var pool = new List<(FeatureRows Rows, int Row)>();
        for (int start = 0; start < decoded.Count; start += options.ShuffleRowGroups)
        {
            foreach (var rows in decoded.Skip(start).Take(options.ShuffleRowGroups))
                pool.AddRange(Enumerable.Range(0, rows.Count).Select(r => (rows, r)));
            random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(pool));
            int whole = pool.Count / options.BatchSize * options.BatchSize;
            expected.AddRange(pool.Take(whole));
            pool.RemoveRange(0, whole);
        }
        expected.AddRange(pool);

        var batches = await StreamedBatches.EpochAsync(table, options, 2);

        Assert.Equal(expected.Count, batches.Sum(b => b.Count));
        var layout = table.Layout;
        int fn = layout.NumericCount, fc = layout.CategoricalCount, fs = layout.SequenceChannels * layout.SequenceDays;
        int i = 0;
        foreach (var batch in batches)
            for (int r = 0; r < batch.Count; r++, i++)
            {
                var (rows, row) = expected[i];
                Assert.Equal(rows.UserIds[row], batch.UserIds[r]);
                Assert.Equal(rows.Label![row], batch.Label![r]);
                Assert.Equal(rows.Numeric.AsSpan(row * fn, fn), batch.Numeric.AsSpan(r * fn, fn));
                Assert.Equal(rows.Categorical.AsSpan(row * fc, fc), batch.Categorical.AsSpan(r * fc, fc));
                Assert.Equal(rows.Sequence.AsSpan(row * fs, fs), batch.Sequence.AsSpan(r * fs, fs));
            }
    }

    [Fact]
    public async Task ReadAsync_Values_MatchNormalisationAndVocabularyAppliedToTheParquetColumns()
    {
        var table = await FeatureTable.OpenAsync(lake.FeaturesDirectory, lake.Thresholds, requireLabel: true);
        var schema = lake.Manifest.Schema;
        var batches = await StreamedBatches.EpochAsync(table, new BatchStreamOptions(BatchSize: 1000, Seed: 5));
        string category = schema.Categorical[0];
        // Every numeric and every (channel, day) column: the reader transposes columns into rows, so check them all.
        var numericNames = schema.Numeric.Select(n => n.Name).ToList();
        var dayColumns = schema.SequenceChannels
            .SelectMany(channel => Enumerable.Range(0, schema.SequenceLength).Select(d => (Channel: channel, Column: FeatureSchema.SequenceColumn(channel, d))))
            .ToList();
        var raw = await ParquetColumns.ReadAsync(lake.FeaturesDirectory, lake.Manifest.Files,
            ["user_id", .. numericNames, category, .. dayColumns.Select(c => c.Column), schema.Label!]);
        var rowOf = raw["user_id"].Select((id, i) => (Id: (long)id!, Row: i)).ToDictionary(p => p.Id, p => p.Row);
        var layout = table.Layout;
        int stride = layout.SequenceChannels * layout.SequenceDays;
        int checkedRows = 0;

        foreach (var batch in batches)
            for (int i = 0; i < batch.Count; i++)
            {
                int row = rowOf[batch.UserIds[i]];
                for (int j = 0; j < numericNames.Count; j++)
                {
                    double expectedNumeric = lake.Thresholds.Numeric[numericNames[j]].Normalise(Convert.ToDouble(raw[numericNames[j]][row]));
                    Assert.Equal((float)expectedNumeric, batch.Numeric[i * layout.NumericCount + j]);
                }
                long expectedIndex = lake.Thresholds.Vocabularies[category].IndexOf((string?)raw[category][row] ?? FeatureSchema.MissingCategory);
                Assert.Equal(expectedIndex, batch.Categorical[i * layout.CategoricalCount]);
                for (int k = 0; k < dayColumns.Count; k++)
                {
                    double expectedDay = lake.Thresholds.Sequences[dayColumns[k].Channel].Normalise(Convert.ToDouble(raw[dayColumns[k].Column][row]));
                    Assert.Equal((float)expectedDay, batch.Sequence[i * stride + k]);
                }
                Assert.Equal(Convert.ToDouble(raw[schema.Label!][row]), batch.Label![i], 2);
                checkedRows++;
            }
        Assert.Equal(lake.Manifest.Rows, checkedRows);
        Assert.Contains(batches.SelectMany(b => b.Categorical), index => index > 0);
    }

    [Fact]
    public async Task ReadAsync_ReusedBuffers_SameBatchesAsNewArraysEveryEpochAndArraysLentAgain()
    {
        var table = await FeatureTable.OpenAsync(lake.FeaturesDirectory, lake.Thresholds, requireLabel: true);
        var options = new BatchStreamOptions(BatchSize: 170, Seed: 13, ShuffleRowGroups: 2);
        var buffers = new FeatureRowsPool(table.Layout);
        var pooled = options with { Buffers = buffers };
        var split = new ValidationSplit(10);
        var validation = new BatchStreamOptions(BatchSize: 4096, Shuffle: false, Keep: split.IsValidation);

        int batchesPerEpoch = 0;
        for (int epoch = 0; epoch < 3; epoch++)
        {
            var expected = await StreamedBatches.EpochAsync(table, options, epoch);
            StreamedBatches.AssertSame(expected, await StreamedBatches.EpochAsync(table, pooled, epoch));
            batchesPerEpoch = expected.Count;
        }
        // A second stream of other batch sizes and a row filter over the same pool, as ccornet train's validation pass.
        StreamedBatches.AssertSame(await StreamedBatches.EpochAsync(table, validation), await StreamedBatches.EpochAsync(table, validation with { Buffers = buffers }));

        long rented = buffers.Allocated + buffers.Reused;
        Assert.True(rented >= 3 * (batchesPerEpoch + table.RowGroups.Count), $"{rented} buffers rented over 3 epochs of {batchesPerEpoch} batches and {table.RowGroups.Count} row groups");
        Assert.True(buffers.Allocated < batchesPerEpoch + table.RowGroups.Count,
            $"{buffers.Allocated} buffers allocated for 4 passes: the pool should lend returned ones (one epoch has {batchesPerEpoch} batches and {table.RowGroups.Count} row groups)");
    }

    [Fact]
    public async Task ReadAsync_BuffersOfAnotherWidth_Refused()
    {
        var table = await FeatureTable.OpenAsync(lake.FeaturesDirectory, lake.Thresholds, requireLabel: true);
        var other = table.Layout with { NumericCount = table.Layout.NumericCount + 1 };
        var options = new BatchStreamOptions(Buffers: new FeatureRowsPool(other));

        var error = await Assert.ThrowsAsync<ArgumentException>(() => StreamedBatches.EpochAsync(table, options));
        Assert.Contains("do not fit", error.Message);
    }

    [Fact]
    public async Task ValidationSplit_TrainAndValidationStreams_AreDisjointCoverTheTableAndAreStable()
    {
        var table = await FeatureTable.OpenAsync(lake.FeaturesDirectory, lake.Thresholds, requireLabel: true);
        var split = new ValidationSplit(10);
        var train = (await StreamedBatches.EpochAsync(table, new BatchStreamOptions(BatchSize: 400, Seed: 1, Keep: id => !split.IsValidation(id))))
            .SelectMany(b => b.UserIds).ToHashSet();
        var validation = (await StreamedBatches.EpochAsync(table, new BatchStreamOptions(BatchSize: 400, Seed: 2, Keep: split.IsValidation)))
            .SelectMany(b => b.UserIds).ToHashSet();
        var validationAgain = (await StreamedBatches.EpochAsync(table, new BatchStreamOptions(BatchSize: 100, Seed: 9, Keep: new ValidationSplit(10).IsValidation)))
            .SelectMany(b => b.UserIds).ToHashSet();

        Assert.Empty(train.Intersect(validation));
        Assert.Equal(lake.Manifest.Rows, train.Count + validation.Count);
        Assert.InRange(validation.Count / (double)lake.Manifest.Rows, 0.06, 0.14);
        Assert.True(validation.SetEquals(validationAgain));
        var otherSalt = new ValidationSplit(10, Salt: 99);
        Assert.NotEqual(validation.Count(otherSalt.IsValidation), validation.Count);
    }

    [Fact]
    public async Task OpenAsync_ExpectedSchemaInAnotherColumnOrder_FeedsEachColumnToTheExpectedInput()
    {
        var schema = lake.Manifest.Schema;
        var reordered = schema with { Numeric = schema.Numeric.Reverse().ToArray() };
        var asWritten = await FeatureTable.OpenAsync(lake.FeaturesDirectory, lake.Thresholds, requireLabel: true);
        var asExpected = await FeatureTable.OpenAsync(lake.FeaturesDirectory, lake.Thresholds, requireLabel: true, reordered);
        var inFileOrder = new BatchStreamOptions(BatchSize: 700, Shuffle: false);

        var written = (await StreamedBatches.EpochAsync(asWritten, inFileOrder)).First();
        var expected = (await StreamedBatches.EpochAsync(asExpected, inFileOrder)).First();

        int fn = asWritten.Layout.NumericCount;
        Assert.Equal(reordered.Numeric, asExpected.Schema.Numeric);
        Assert.Equal(written.UserIds, expected.UserIds);
        for (int i = 0; i < written.Count; i++)
            for (int j = 0; j < fn; j++)
                Assert.Equal(written.Numeric[i * fn + j], expected.Numeric[i * fn + (fn - 1 - j)]);
    }

    [Fact]
    public async Task OpenAsync_UnlabelledFeaturesForTraining_FailsNamingTheMissingLabel()
    {
        string unlabelled = lake.CopyWithManifest("unlabelled-open", m => m with { HasLabel = false, Schema = m.Schema with { Label = null } });

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => FeatureTable.OpenAsync(unlabelled, lake.Thresholds, requireLabel: true));

        Assert.Contains("no label", error.Message);
    }
}
