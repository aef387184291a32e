using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace CcOrNet.Model.Modules;

/// <summary>
/// h [B, H] -> logits [B, K-1] of the conditional probabilities s_k = P(y &gt; t_k | y &gt; t_{k-1}, x).
/// Head k is an MLP relu(W_k h + u_k logit_{k-1} + b_k) -> v_k . z + c_k; with conditional heads it also reads the
/// previous head's logit (u_k, k &gt; 1), otherwise u_k = 0.
/// </summary>
/// <remarks>
/// The heads are fused: every W_k is one row block of <c>hidden</c>, so all heads' h-part is one [B, H] x [H, (K-1) A]
/// matmul instead of K-1 small ones, and h is never concatenated with a logit. The maths is per-head as above.
/// </remarks>
internal sealed class OrdinalCascade : nn.Module<Tensor, Tensor>
{
    private readonly TorchSharp.Modules.Linear hidden;
    private readonly TorchSharp.Modules.Parameter? previous_logit;
    private readonly TorchSharp.Modules.Parameter output_weight;
    private readonly TorchSharp.Modules.Parameter output_bias;
    private readonly int headCount;
    private readonly int hiddenSize;

    public OrdinalCascade(int inputSize, int headCount, int headHidden, bool conditional) : base(nameof(OrdinalCascade))
    {
        this.headCount = headCount;
        hiddenSize = headHidden;
        // Initialised exactly like K-1 separate nn.Linear heads (fan-in H, or H + 1 with the previous logit), then fused.
        var first = new List<TorchSharp.Modules.Linear>();
        var second = new List<TorchSharp.Modules.Linear>();
        for (int k = 0; k < headCount; k++)
        {
            first.Add(nn.Linear(inputSize + (conditional && k > 0 ? 1 : 0), headHidden));
            second.Add(nn.Linear(headHidden, 1));
        }
        hidden = nn.Linear(inputSize, headCount * headHidden);
        using (torch.no_grad())
        {
            hidden.weight!.copy_(torch.cat(first.Select(l => l.weight!.narrow(1, 0, inputSize)).ToList(), 0));
            hidden.bias!.copy_(torch.cat(first.Select(l => (Tensor)l.bias!).ToList(), 0));
            if (conditional && headCount > 1)
                previous_logit = nn.Parameter(torch.stack(first.Skip(1).Select(l => l.weight!.select(1, inputSize)).ToList(), 0));
            output_weight = nn.Parameter(torch.cat(second.Select(l => (Tensor)l.weight!).ToList(), 0));
            output_bias = nn.Parameter(torch.cat(second.Select(l => (Tensor)l.bias!).ToList(), 0));
        }
        foreach (var layer in first.Concat(second)) layer.Dispose();
        RegisterComponents();
    }

    public override Tensor forward(Tensor h)
    {
        using var scope = NewDisposeScope();
        var preActivation = hidden.forward(h).view(-1, headCount, hiddenSize);
        if (previous_logit is null)
        {
            var z = F.relu(preActivation);
            return ((z * output_weight).sum(2) + output_bias).MoveToOuterDisposeScope();
        }

        var logits = new List<Tensor>(headCount);
        for (int k = 0; k < headCount; k++)
        {
            var a = preActivation.select(1, k);
            if (k > 0) a = a + logits[k - 1].unsqueeze(1) * previous_logit[k - 1];
            logits.Add(F.relu(a).matmul(output_weight[k]) + output_bias[k]);
        }
        return torch.stack(logits, 1).MoveToOuterDisposeScope();
    }
}
