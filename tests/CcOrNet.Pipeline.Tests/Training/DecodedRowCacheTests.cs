using CcOrNet.Core.Features;
using CcOrNet.Core.Thresholds;
using CcOrNet.Model.Data;
using CcOrNet.Model.Distributed;

namespace CcOrNet.Pipeline.Tests.Training;

[Collection("Training")]
public sealed class DecodedRowCacheTests(TrainingLake lake)
{
    private static readonly BatchStreamOptions Shuffled = new(BatchSize: 170, Seed: 13, ShuffleRowGroups: 2);

    private string CacheFolder(string name)
    {
        string folder = lake.Scratch($"decoded-{name}");
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        return folder;
    }

    private static string[] Entries(string folder) => Directory.GetFiles(folder, "*.rows").Order().ToArray();

    private Task<FeatureTable> OpenAsync(string? directory = null, BucketThresholds? thresholds = null) =>
        FeatureTable.OpenAsync(directory ?? lake.FeaturesDirectory, thresholds ?? lake.Thresholds, requireLabel: true);

    [Fact]
    public async Task ReadAsync_ThreeEpochsWithCache_BatchesIdenticalToDecodingEveryEpoch()
    {
        var table = await OpenAsync();
        Assert.True(table.RowGroups.Count >= 4, $"the test table should have several row groups, has {table.RowGroups.Count}");
        var cache = DecodedRowCache.Open(CacheFolder("identical"), table);
        var cached = Shuffled with { DecodeCache = cache };

        for (int epoch = 0; epoch < 3; epoch++)
            StreamedBatches.AssertSame(await StreamedBatches.EpochAsync(table, Shuffled, epoch), await StreamedBatches.EpochAsync(table, cached, epoch));
        // The validation / calibration passes: unshuffled, filtered, other batch size, over the same entries.
        var split = new ValidationSplit(10);
        var validation = new BatchStreamOptions(BatchSize: 4096, Shuffle: false, Keep: split.IsValidation);
        StreamedBatches.AssertSame(await StreamedBatches.EpochAsync(table, validation, 0), await StreamedBatches.EpochAsync(table, validation with { DecodeCache = cache }, 0));

        Assert.Equal(table.RowGroups.Count, cache.Misses);
        Assert.Equal(3 * table.RowGroups.Count, cache.Hits);
        Assert.Equal(table.RowGroups.Count, Entries(cache.Directory).Length);
        Assert.Null(cache.WriteFailure);
    }

    [Fact]
    public async Task ReadAsync_ShardsGoneAfterTheFirstEpoch_LaterEpochsComeFromTheCache()
    {
        string copy = lake.CopyWithManifest("features-cache-only", m => m);
        var table = await OpenAsync(copy);
        var cache = DecodedRowCache.Open(CacheFolder("shards-gone"), table);
        var cached = Shuffled with { DecodeCache = cache };
        var expected = await StreamedBatches.EpochAsync(table, Shuffled, 1);
        await StreamedBatches.EpochAsync(table, cached, 0);

        foreach (string shard in lake.Manifest.Files) File.Delete(Path.Combine(copy, shard));

        StreamedBatches.AssertSame(expected, await StreamedBatches.EpochAsync(table, cached, 1));
        Assert.Equal(table.RowGroups.Count, cache.Hits);
        await Assert.ThrowsAnyAsync<IOException>(() => StreamedBatches.EpochAsync(table, Shuffled, 1));
    }

    [Fact]
    public async Task ReadAsync_TruncatedOrCorruptEntries_AreDecodedAgainAndRewritten()
    {
        var table = await OpenAsync();
        var cache = DecodedRowCache.Open(CacheFolder("damaged"), table);
        var cached = Shuffled with { DecodeCache = cache };
        await StreamedBatches.EpochAsync(table, cached, 0);
        var entries = Entries(cache.Directory);
        long length = new FileInfo(entries[0]).Length;
        using (var truncated = new FileStream(entries[0], FileMode.Open)) truncated.SetLength(length - 100);
        var bytes = File.ReadAllBytes(entries[1]);
        bytes[^7] ^= 0x40; // one bit of the last label: same length, same header, other data
        File.WriteAllBytes(entries[1], bytes);
        File.WriteAllBytes(entries[2], new byte[10]);

        StreamedBatches.AssertSame(await StreamedBatches.EpochAsync(table, Shuffled, 1), await StreamedBatches.EpochAsync(table, cached, 1));

        Assert.Equal(table.RowGroups.Count + 3, cache.Misses);
        Assert.Equal(length, new FileInfo(entries[0]).Length);
        Assert.NotEqual(bytes, File.ReadAllBytes(entries[1]));
        StreamedBatches.AssertSame(await StreamedBatches.EpochAsync(table, Shuffled, 2), await StreamedBatches.EpochAsync(table, cached, 2));
        Assert.Equal(table.RowGroups.Count + 3, cache.Misses);
    }

    [Fact]
    public async Task Open_OtherThresholds_DeletesTheOldEntriesAndServesTheNewValues()
    {
        string folder = CacheFolder("rekeyed");
        var table = await OpenAsync();
        var cache = DecodedRowCache.Open(folder, table);
        await StreamedBatches.EpochAsync(table, Shuffled with { DecodeCache = cache }, 0);
        string oldKey = File.ReadAllText(Path.Combine(folder, DecodedRowCache.KeyFileName));
        var oldEntry = File.ReadAllBytes(Entries(folder)[0]);
        var shifted = lake.Thresholds with
        {
            Numeric = lake.Thresholds.Numeric.ToDictionary(p => p.Key, p => p.Value with { Mean = p.Value.Mean + 0.5 }),
        };
        var other = await OpenAsync(thresholds: shifted);

        var reopened = DecodedRowCache.Open(folder, other);

        Assert.Empty(Entries(folder));
        Assert.NotEqual(oldKey, File.ReadAllText(Path.Combine(folder, DecodedRowCache.KeyFileName)));
        var expected = await StreamedBatches.EpochAsync(other, Shuffled, 0);
        StreamedBatches.AssertSame(expected, await StreamedBatches.EpochAsync(other, Shuffled with { DecodeCache = reopened }, 0));
        // An entry of the old key put back (e.g. by a rank still on the old thresholds) is a miss, not old values.
        File.WriteAllBytes(Entries(folder)[0], oldEntry);
        StreamedBatches.AssertSame(expected, await StreamedBatches.EpochAsync(other, Shuffled with { DecodeCache = reopened }, 0));
        Assert.Equal(table.RowGroups.Count + 1, reopened.Misses);
        Assert.NotEqual((await StreamedBatches.EpochAsync(table, Shuffled, 0))[0].Numeric, expected[0].Numeric);
    }

    [Fact]
    public async Task ReadAsync_CacheOpenedForOtherThresholds_Refused()
    {
        var table = await OpenAsync();
        var cache = DecodedRowCache.Open(CacheFolder("other-table"), table);
        var other = await OpenAsync(thresholds: lake.Thresholds with { TopEdge = lake.Thresholds.TopEdge * 2 });

        var error = await Assert.ThrowsAsync<ArgumentException>(() => StreamedBatches.EpochAsync(other, Shuffled with { DecodeCache = cache }, 0));

        Assert.Contains(cache.Directory, error.Message);
        // The same features opened again (other objects, same content) are served.
        var again = await OpenAsync();
        StreamedBatches.AssertSame(await StreamedBatches.EpochAsync(again, Shuffled, 0), await StreamedBatches.EpochAsync(again, Shuffled with { DecodeCache = cache }, 0));
    }

    [Fact]
    public async Task ReadAsync_UnwritableCacheFolder_FallsBackToParquetWithIdenticalBatches()
    {
        var table = await OpenAsync();
        // A file where the folder should be: creating it fails whoever runs the test (root ignores permission bits).
        string blocker = lake.Scratch("decoded-blocked");
        File.WriteAllText(blocker, "not a folder");
        var cache = DecodedRowCache.Open(Path.Combine(blocker, "decoded"), table);

        StreamedBatches.AssertSame(await StreamedBatches.EpochAsync(table, Shuffled, 0), await StreamedBatches.EpochAsync(table, Shuffled with { DecodeCache = cache }, 0));

        Assert.NotNull(cache.WriteFailure);
        Assert.Equal(0, cache.Hits);
        Assert.Equal(table.RowGroups.Count, cache.Misses);
    }

    [Fact]
    public async Task ReadAsync_FolderLostMidRun_StopsWritingAndKeepsDecoding()
    {
        var table = await OpenAsync();
        string folder = CacheFolder("lost");
        var cache = DecodedRowCache.Open(folder, table);
        Assert.Null(cache.WriteFailure);
        Directory.Delete(folder, recursive: true);
        File.WriteAllText(folder, "the disk went away");

        StreamedBatches.AssertSame(await StreamedBatches.EpochAsync(table, Shuffled, 0), await StreamedBatches.EpochAsync(table, Shuffled with { DecodeCache = cache }, 0));
        StreamedBatches.AssertSame(await StreamedBatches.EpochAsync(table, Shuffled, 1), await StreamedBatches.EpochAsync(table, Shuffled with { DecodeCache = cache }, 1));

        Assert.NotNull(cache.WriteFailure);
        Assert.Equal(2 * table.RowGroups.Count, cache.Misses);
        File.Delete(folder);
    }

    [Fact]
    public async Task ReadAsync_WorkersOnDisjointShardsAndTheirOwnInstances_ShareOneFolder()
    {
        // Two data-parallel workers (MPI ranks: one cache instance each) stream their shards at the same time, then a
        // third instance (rank 0's calibration pass) reads the whole table from what they wrote.
        var table = await OpenAsync();
        string folder = CacheFolder("shared");
        var shards = Enumerable.Range(0, 2).Select(rank => table.Subset(DataShards.RowGroupsOf(table, rank, 2))).ToArray();
        var instances = shards.Select(_ => DecodedRowCache.Open(folder, table)).ToArray();

        var streamed = await Task.WhenAll(shards.Select((shard, rank) => Task.Run(() => StreamedBatches.EpochAsync(shard, Shuffled with { DecodeCache = instances[rank] }, 0))));
        for (int rank = 0; rank < 2; rank++) StreamedBatches.AssertSame(await StreamedBatches.EpochAsync(shards[rank], Shuffled, 0), streamed[rank]);

        var whole = DecodedRowCache.Open(folder, table);
        var inFileOrder = new BatchStreamOptions(BatchSize: 4096, Shuffle: false);
        StreamedBatches.AssertSame(await StreamedBatches.EpochAsync(table, inFileOrder, 0), await StreamedBatches.EpochAsync(table, inFileOrder with { DecodeCache = whole }, 0));
        Assert.Equal(table.RowGroups.Count, whole.Hits);
        Assert.Empty(Directory.GetFiles(folder, "*.tmp"));
    }

    [Fact]
    public async Task Delete_RemovesItsFilesAndTheFolderButNothingElse()
    {
        var table = await OpenAsync();
        string folder = CacheFolder("deleted");
        var cache = DecodedRowCache.Open(folder, table);
        await StreamedBatches.EpochAsync(table, Shuffled with { DecodeCache = cache }, 0);

        Assert.True(cache.Delete());
        Assert.False(Directory.Exists(folder));

        var again = DecodedRowCache.Open(folder, table);
        await StreamedBatches.EpochAsync(table, Shuffled with { DecodeCache = again }, 0);
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "someone else's file");
        Assert.True(again.Delete());
        Assert.Equal(["notes.txt"], Directory.GetFileSystemEntries(folder).Select(Path.GetFileName));
    }
}
