using CcOrNet.Model.Modules;
using CcOrNet.Model.Tests.Support;
using TorchSharp;

namespace CcOrNet.Model.Tests.Modules;

[Collection("Torch")]
public sealed class IntraBucketResidualTests
{
    [Fact]
    public void ForwardEveryBucket_RandomWeights_EqualsForwardOncePerBucket()
    {
        const int users = 50, buckets = 5, inputs = 12;
        torch.manual_seed(7);
        using var residual = new IntraBucketResidual(inputs, buckets, embeddingSize: 3, hidden: 16);
        residual.eval();
        using var scope = torch.NewDisposeScope();
        var h = torch.randn(users, inputs);
        var p = torch.softmax(torch.randn(users, buckets), 1);

        var every = residual.ForwardEveryBucket(h, p, firstBucket: 2);

        Assert.Equal([users, buckets - 2], every.shape);
        for (int b = 2; b < buckets; b++)
        {
            var one = residual.forward(h, p, torch.full(users, b, dtype: torch.ScalarType.Int64));
            Assert.True(torch.allclose(every.select(1, b - 2), one, rtol: 1e-5, atol: 1e-6), $"bucket {b} differs");
        }
    }
}
