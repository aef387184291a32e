using static TorchSharp.torch;

namespace CcOrNet.Model.Models;

/// <summary>
/// A model's forward outputs as tensors: Exceedance [B, K-1], BucketProbabilities [B, K], Bucket [B] int64, LtvPred [B],
/// LtvExpected [B], and for bucket models the value of every bucket [B, K].
/// </summary>
internal sealed record ModelOutputs(Tensor Exceedance, Tensor BucketProbabilities, Tensor Bucket, Tensor LtvPred, Tensor LtvExpected, Tensor? BucketValues = null);
