using CcOrNet.Model.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace CcOrNet.Model.Modules;

/// <summary>Daily sequence [B, C, D] -> [B, S]: a one-layer GRU over days, its last hidden state.</summary>
internal sealed class GruSequenceEncoder : nn.Module<Tensor, Tensor>, IRepeatedWeights
{
    private readonly TorchSharp.Modules.GRU gru;

    public GruSequenceEncoder(int channels, int hidden) : base(nameof(GruSequenceEncoder))
    {
        gru = nn.GRU(channels, hidden, batchFirst: true);
        OutputSize = hidden;
        RegisterComponents();
    }

    public int OutputSize { get; }

    /// <summary>Every weight runs once per day.</summary>
    public double ApplicationsPerUser(string parameterName, FeatureLayout layout) => layout.SequenceDays;

    public override Tensor forward(Tensor sequence)
    {
        using var scope = NewDisposeScope();
        var (_, last) = gru.forward(sequence.transpose(1, 2), null);
        return last.squeeze(0).MoveToOuterDisposeScope();
    }
}
