namespace CcOrNet.Model.Options;

/// <summary>How the daily activity sequence is encoded.</summary>
public enum SequenceEncoderKind
{
    /// <summary>
    /// Days grouped into patches (weeks), each embedded by one shared linear layer and mixed with its neighbours by a
    /// second, then mean and max over patches (default: the convolutions' shape of model as two large matmuls).
    /// </summary>
    Patch,

    /// <summary>Two 1-D convolutions over days, then mean and max pooling over days.</summary>
    Conv,

    /// <summary>A one-layer GRU; its last hidden state.</summary>
    Gru,
}
