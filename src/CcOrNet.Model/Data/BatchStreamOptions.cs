namespace CcOrNet.Model.Data;

/// <summary>How <see cref="BatchStream"/> cuts a features table into batches; defaults in one place.</summary>
/// <param name="BatchSize">Rows per batch (the last batch of an epoch may be smaller).</param>
/// <param name="Shuffle">Seeded random row-group order and rows shuffled within a buffer of row groups; off = file order.</param>
/// <param name="Seed">Seeds the order; the epoch number is mixed in, so every epoch has its own order.</param>
/// <param name="ShuffleRowGroups">Row groups held and mixed together before batches are cut (memory bound).</param>
/// <param name="Prefetch">Batches decoded ahead of the consumer on a background task.</param>
/// <param name="Keep">Row filter by user id (e.g. the training or validation side of a split); null = every row.</param>
/// <param name="DecodeCache">
/// Decoded row groups kept on local disk: a row group found there is not decoded from Parquet again, one decoded is
/// stored (the batches are the same either way). Opened for the streamed table; null = decode every row group.
/// </param>
/// <param name="Buffers">
/// Arrays for decoded row groups and batches, reused across batches and epochs (<see cref="FeatureRowsPool"/>, for the
/// streamed table's layout). With a pool a batch is valid only until the consumer asks for the next one (or stops
/// reading): its arrays then serve a later batch. For consumers that use or copy each batch at once (a training step,
/// a loss); null = new arrays for every batch, which the consumer may keep.
/// </param>
public sealed record BatchStreamOptions(
    int BatchSize = 2048,
    bool Shuffle = true,
    long Seed = 0,
    int ShuffleRowGroups = 4,
    int Prefetch = 2,
    Func<long, bool>? Keep = null,
    DecodedRowCache? DecodeCache = null,
    FeatureRowsPool? Buffers = null)
{
    /// <summary>Throws one <see cref="ArgumentException"/> listing every broken rule.</summary>
    public BatchStreamOptions Validate()
    {
        var errors = new List<string>();
        if (BatchSize < 1) errors.Add($"BatchSize must be >= 1 (got {BatchSize})");
        if (ShuffleRowGroups < 1) errors.Add($"ShuffleRowGroups must be >= 1 (got {ShuffleRowGroups})");
        if (Prefetch < 1) errors.Add($"Prefetch must be >= 1 (got {Prefetch})");
        if (errors.Count > 0) throw new ArgumentException("Invalid batch stream options: " + string.Join("; ", errors));
        return this;
    }
}
