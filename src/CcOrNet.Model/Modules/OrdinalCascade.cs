using TorchSharp;
using static TorchSharp.torch;

namespace CcOrNet.Model.Modules;

/// <summary>
/// h [B, H] -> logits [B, K-1] of the conditional probabilities s_k = P(y &gt; t_k | y &gt; t_{k-1}, x).
/// With conditional heads, head k reads [h, logit_{k-1}].
/// </summary>
internal sealed class OrdinalCascade : nn.Module<Tensor, Tensor>
{
    private readonly TorchSharp.Modules.ModuleList<TorchSharp.Modules.Sequential> heads;
    private readonly bool conditional;

    public OrdinalCascade(int inputSize, int headCount, int hidden, bool conditional) : base(nameof(OrdinalCascade))
    {
        this.conditional = conditional;
        heads = nn.ModuleList(Enumerable.Range(0, headCount)
            .Select(k => nn.Sequential(
                nn.Linear(inputSize + (conditional && k > 0 ? 1 : 0), hidden),
                nn.ReLU(),
                nn.Linear(hidden, 1)))
            .ToArray());
        RegisterComponents();
    }

    public override Tensor forward(Tensor h)
    {
        using var scope = NewDisposeScope();
        var logits = new List<Tensor>();
        for (int k = 0; k < heads.Count; k++)
        {
            var input = conditional && k > 0 ? torch.cat([h, logits[k - 1]], 1) : h;
            logits.Add(heads[k].forward(input));
        }
        return torch.cat(logits, 1).MoveToOuterDisposeScope();
    }
}
