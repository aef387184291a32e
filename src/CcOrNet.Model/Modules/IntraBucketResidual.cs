using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace CcOrNet.Model.Modules;

/// <summary>
/// (h [B, H], bucket probabilities [B, K] (detached by the caller), bucket index [B] int64) -> v_norm [B] in [-1, 1]:
/// GLU-gated alignment of [h, p, embedding(b)], two residual blocks, tanh. The value is expm1(c_b + r_b * v_norm).
/// </summary>
internal sealed class IntraBucketResidual : nn.Module<Tensor, Tensor, Tensor, Tensor>
{
    private readonly TorchSharp.Modules.Embedding bucket_embedding;
    private readonly TorchSharp.Modules.Linear align;
    private readonly ResidualBlock block1;
    private readonly ResidualBlock block2;
    private readonly TorchSharp.Modules.Linear output;

    public IntraBucketResidual(int inputSize, int bucketCount, int embeddingSize, int hidden) : base(nameof(IntraBucketResidual))
    {
        bucket_embedding = nn.Embedding(bucketCount, embeddingSize);
        align = nn.Linear(inputSize + bucketCount + embeddingSize, 2 * hidden);
        block1 = new ResidualBlock(hidden);
        block2 = new ResidualBlock(hidden);
        output = nn.Linear(hidden, 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor h, Tensor bucketProbabilities, Tensor bucket)
    {
        using var scope = NewDisposeScope();
        var aligned = F.glu(align.forward(torch.cat([h, bucketProbabilities, bucket_embedding.forward(bucket)], 1)), 1);
        var x = block2.forward(block1.forward(aligned));
        return torch.tanh(output.forward(x)).squeeze(1).MoveToOuterDisposeScope();
    }
}
