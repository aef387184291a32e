using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace CcOrNet.Model.Modules;

/// <summary>
/// Whale head: h [B, H] (detached by the caller) -> (v_norm [B] in [-1, 1] within the top bucket, confidence logit [B]).
/// Feature attention a = softmax(W h) over the H dimensions; in training, dimensions with below-uniform attention
/// (a_j &lt; 1/H) get Gaussian noise; the head reads H * a * h.
/// </summary>
internal sealed class HighValueHead : nn.Module<Tensor, (Tensor ValueNorm, Tensor ConfidenceLogit)>
{
    private readonly TorchSharp.Modules.Linear attention;
    private readonly TorchSharp.Modules.Linear fc1;
    private readonly TorchSharp.Modules.Linear fc2;
    private readonly TorchSharp.Modules.Linear value;
    private readonly TorchSharp.Modules.Linear confidence;
    private readonly double noise;
    private readonly int inputSize;

    public HighValueHead(int inputSize, int hidden, double noise) : base(nameof(HighValueHead))
    {
        this.noise = noise;
        this.inputSize = inputSize;
        attention = nn.Linear(inputSize, inputSize);
        fc1 = nn.Linear(inputSize, hidden);
        fc2 = nn.Linear(hidden, hidden);
        value = nn.Linear(hidden, 1);
        confidence = nn.Linear(hidden, 1);
        RegisterComponents();
    }

    public override (Tensor ValueNorm, Tensor ConfidenceLogit) forward(Tensor h)
    {
        using var scope = NewDisposeScope();
        var weights = F.softmax(attention.forward(h), 1);
        if (training && noise > 0)
        {
            var lowAttention = (weights < 1.0 / inputSize).to_type(ScalarType.Float32);
            h = h + lowAttention * torch.randn_like(h) * noise;
        }
        var x = F.relu(fc2.forward(F.relu(fc1.forward(h * weights * inputSize))));
        return (torch.tanh(value.forward(x)).squeeze(1).MoveToOuterDisposeScope(), confidence.forward(x).squeeze(1).MoveToOuterDisposeScope());
    }
}
