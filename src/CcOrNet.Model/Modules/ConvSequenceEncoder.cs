using CcOrNet.Model.Data;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace CcOrNet.Model.Modules;

/// <summary>Daily sequence [B, C, D] -> [B, 2S]: two 1-D convolutions (kernel 7, then dilated kernel 5), mean and max over days.</summary>
internal sealed class ConvSequenceEncoder : nn.Module<Tensor, Tensor>, IRepeatedWeights
{
    private readonly TorchSharp.Modules.Conv1d conv1;
    private readonly TorchSharp.Modules.Conv1d conv2;

    public ConvSequenceEncoder(int channels, int hidden) : base(nameof(ConvSequenceEncoder))
    {
        conv1 = nn.Conv1d(channels, hidden, kernel_size: 7, padding: 3);
        conv2 = nn.Conv1d(hidden, hidden, kernel_size: 5, padding: 4, dilation: 2);
        OutputSize = 2 * hidden;
        RegisterComponents();
    }

    public int OutputSize { get; }

    /// <summary>Every weight runs once per day.</summary>
    public double ApplicationsPerUser(string parameterName, FeatureLayout layout) => layout.SequenceDays;

    public override Tensor forward(Tensor sequence)
    {
        using var scope = NewDisposeScope();
        var x = F.relu(conv1.forward(sequence));
        x = F.relu(conv2.forward(x));
        return torch.cat([x.mean([2]), x.amax([2])], 1).MoveToOuterDisposeScope();
    }
}
