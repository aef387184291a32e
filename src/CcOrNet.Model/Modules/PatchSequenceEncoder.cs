using CcOrNet.Model.Data;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace CcOrNet.Model.Modules;

/// <summary>
/// Daily sequence [B, C, D] -> [B, 2S]: days grouped into W patches of P days (weeks by default; the oldest end
/// zero-padded to whole patches), each patch embedded by one shared Linear(C P, S) + ReLU, each patch then mixed with
/// its two neighbours by Linear(3 S, S) + ReLU (a kernel-3 convolution over patches), then mean and max over patches.
/// </summary>
/// <remarks>
/// Why: the same shape of model as the daily convolutions (local patterns, then pooling over time) at 1/P of the
/// positions, written as two matmuls over [B W, C P] and [B W, 3 S] rather than many small convolution kernels.
/// A position-aware variant (patch embeddings flattened into one Linear) was tried and ranked whales worse on CDNOW.
/// </remarks>
internal sealed class PatchSequenceEncoder : nn.Module<Tensor, Tensor>, IRepeatedWeights
{
    private readonly TorchSharp.Modules.Linear patch;
    private readonly TorchSharp.Modules.Linear temporal;
    private readonly int channels;
    private readonly int patchDays;
    private readonly int padDays;

    public PatchSequenceEncoder(int channels, int days, int patchDays, int hidden) : base(nameof(PatchSequenceEncoder))
    {
        this.channels = channels;
        this.patchDays = patchDays;
        PatchCount = (days + patchDays - 1) / patchDays;
        padDays = PatchCount * patchDays - days;
        patch = nn.Linear(channels * patchDays, hidden);
        temporal = nn.Linear(3 * hidden, hidden);
        OutputSize = 2 * hidden;
        RegisterComponents();
    }

    /// <summary>W, the number of patches.</summary>
    public int PatchCount { get; }

    public int OutputSize { get; }

    /// <summary>Both layers run once per patch.</summary>
    public double ApplicationsPerUser(string parameterName, FeatureLayout layout) => PatchCount;

    public override Tensor forward(Tensor sequence)
    {
        using var scope = NewDisposeScope();
        long b = sequence.shape[0];
        var padded = padDays > 0 ? F.pad(sequence, [padDays, 0]) : sequence;
        var patches = padded.view(b, channels, PatchCount, patchDays).permute(0, 2, 1, 3).reshape(b, PatchCount, channels * patchDays);
        var embedded = F.relu(patch.forward(patches));
        var edged = F.pad(embedded, [0, 0, 1, 1]);
        var neighbours = torch.cat([edged.narrow(1, 0, PatchCount), embedded, edged.narrow(1, 2, PatchCount)], 2);
        var mixed = F.relu(temporal.forward(neighbours));
        return torch.cat([mixed.mean([1]), mixed.amax([1])], 1).MoveToOuterDisposeScope();
    }
}
