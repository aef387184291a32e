using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace CcOrNet.Model.Modules;

/// <summary>x [B, A] -> relu(x + fc2(relu(fc1(x)))).</summary>
internal sealed class ResidualBlock : nn.Module<Tensor, Tensor>
{
    private readonly TorchSharp.Modules.Linear fc1;
    private readonly TorchSharp.Modules.Linear fc2;

    public ResidualBlock(int size) : base(nameof(ResidualBlock))
    {
        fc1 = nn.Linear(size, size);
        fc2 = nn.Linear(size, size);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return F.relu(x + fc2.forward(F.relu(fc1.forward(x)))).MoveToOuterDisposeScope();
    }
}
