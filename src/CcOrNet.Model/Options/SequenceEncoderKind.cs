namespace CcOrNet.Model.Options;

/// <summary>How the daily activity sequence is encoded.</summary>
public enum SequenceEncoderKind
{
    /// <summary>Two 1-D convolutions, then mean and max pooling over days (default: fastest on CPU).</summary>
    Conv,

    /// <summary>A one-layer GRU; its last hidden state.</summary>
    Gru,
}
