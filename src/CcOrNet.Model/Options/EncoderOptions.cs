namespace CcOrNet.Model.Options;

/// <summary>Sizes of the shared encoder h = Enc(x), used by CC-OR-Net and every baseline.</summary>
/// <param name="HiddenSize">H, width of the fused representation h.</param>
/// <param name="NumericHidden">Width of the numeric MLP.</param>
/// <param name="EmbeddingCap">Largest embedding dimension; a categorical gets min(cap, round(1.6 * cardinality^0.56)).</param>
/// <param name="SequenceKind">Sequence encoder architecture.</param>
/// <param name="SequenceHidden">Patch embedding width, channels of the sequence convolutions or GRU hidden size.</param>
/// <param name="SequencePatchDays">Days per patch of the <see cref="SequenceEncoderKind.Patch"/> encoder (7 = weeks).</param>
public sealed record EncoderOptions(
    int HiddenSize = 128,
    int NumericHidden = 64,
    int EmbeddingCap = 16,
    SequenceEncoderKind SequenceKind = SequenceEncoderKind.Patch,
    int SequenceHidden = 32,
    int SequencePatchDays = 7)
{
    internal IEnumerable<string> Errors()
    {
        if (HiddenSize < 1) yield return $"Encoder.HiddenSize must be >= 1 (got {HiddenSize})";
        if (NumericHidden < 1) yield return $"Encoder.NumericHidden must be >= 1 (got {NumericHidden})";
        if (EmbeddingCap < 1) yield return $"Encoder.EmbeddingCap must be >= 1 (got {EmbeddingCap})";
        if (SequenceHidden < 1) yield return $"Encoder.SequenceHidden must be >= 1 (got {SequenceHidden})";
        if (SequencePatchDays < 1) yield return $"Encoder.SequencePatchDays must be >= 1 (got {SequencePatchDays})";
    }
}
