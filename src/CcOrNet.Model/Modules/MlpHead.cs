using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace CcOrNet.Model.Modules;

/// <summary>Baseline output head: h [B, H] -> [B, outputs] through one hidden ReLU layer.</summary>
internal sealed class MlpHead : nn.Module<Tensor, Tensor>
{
    private readonly TorchSharp.Modules.Linear fc1;
    private readonly TorchSharp.Modules.Linear fc2;

    public MlpHead(int inputSize, int hidden, int outputs) : base(nameof(MlpHead))
    {
        fc1 = nn.Linear(inputSize, hidden);
        fc2 = nn.Linear(hidden, outputs);
        RegisterComponents();
    }

    public override Tensor forward(Tensor h)
    {
        using var scope = NewDisposeScope();
        return fc2.forward(F.relu(fc1.forward(h))).MoveToOuterDisposeScope();
    }
}
