namespace CcOrNet.Model.Options;

/// <summary>Sizes of the shared encoder h = Enc(x), used by CC-OR-Net and every baseline.</summary>
/// <param name="HiddenSize">H, width of the fused representation h.</param>
/// <param name="NumericHidden">Width of the numeric MLP.</param>
/// <param name="EmbeddingCap">Largest embedding dimension; a categorical gets min(cap, round(1.6 * cardinality^0.56)).</param>
/// <param name="SequenceKind">Sequence encoder architecture.</param>
/// <param name="SequenceHidden">Channels of the sequence convolutions or GRU hidden size.</param>
public sealed record EncoderOptions(
    int HiddenSize = 128,
    int NumericHidden = 64,
    int EmbeddingCap = 16,
    SequenceEncoderKind SequenceKind = SequenceEncoderKind.Conv,
    int SequenceHidden = 32)
{
    internal IEnumerable<string> Errors()
    {
        if (HiddenSize < 1) yield return $"Encoder.HiddenSize must be >= 1 (got {HiddenSize})";
        if (NumericHidden < 1) yield return $"Encoder.NumericHidden must be >= 1 (got {NumericHidden})";
        if (EmbeddingCap < 1) yield return $"Encoder.EmbeddingCap must be >= 1 (got {EmbeddingCap})";
        if (SequenceHidden < 1) yield return $"Encoder.SequenceHidden must be >= 1 (got {SequenceHidden})";
    }
}
