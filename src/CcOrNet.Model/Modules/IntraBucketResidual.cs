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
    private readonly int userInputs;

    public IntraBucketResidual(int inputSize, int bucketCount, int embeddingSize, int hidden) : base(nameof(IntraBucketResidual))
    {
        userInputs = inputSize + bucketCount;
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
        return Head(aligned).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// v_norm of every user at every bucket in [<paramref name="firstBucket"/>, K) at once: [B, K - firstBucket].
    /// Same values as <see cref="forward"/> per bucket (to float rounding), for inference.
    /// </summary>
    /// <remarks>
    /// Why: align reads [h, p, embedding(b)], and only the embedding depends on b. Its [h, p] part is computed once per
    /// user and the embedding part once per bucket (a bias), instead of the whole layer once per user and bucket.
    /// </remarks>
    public Tensor ForwardEveryBucket(Tensor h, Tensor bucketProbabilities, int firstBucket)
    {
        using var scope = NewDisposeScope();
        long users = h.shape[0];
        var weight = align.weight!;
        var perUser = F.linear(torch.cat([h, bucketProbabilities], 1), weight.narrow(1, 0, userInputs), align.bias);
        var embeddings = bucket_embedding.weight!.narrow(0, firstBucket, bucket_embedding.weight!.shape[0] - firstBucket);
        var perBucket = F.linear(embeddings, weight.narrow(1, userInputs, weight.shape[1] - userInputs));
        long buckets = perBucket.shape[0];
        // [buckets, B, 2 hidden], bucket-major: row bucket * B + user.
        var aligned = F.glu(perUser.unsqueeze(0) + perBucket.unsqueeze(1), 2).view(buckets * users, -1);
        return Head(aligned).view(buckets, users).t().MoveToOuterDisposeScope();
    }

    private Tensor Head(Tensor aligned) => torch.tanh(output.forward(block2.forward(block1.forward(aligned)))).squeeze(1);
}
