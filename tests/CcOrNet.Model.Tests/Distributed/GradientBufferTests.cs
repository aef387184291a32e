using CcOrNet.Model.Distributed;
using TorchSharp;
using static TorchSharp.torch;

namespace CcOrNet.Model.Tests.Distributed;

[Collection("Torch")]
public sealed class GradientBufferTests
{
    [Fact]
    public void Gather_CopiesEachGradientTimesTheRowsAndLeavesNoTensorAlive()
    {
        using var layer = nn.Linear(8, 4);
        var parameters = layer.parameters().ToList();
        using (var scope = NewDisposeScope()) layer.forward(randn(16, 8)).sum().backward();
        var buffer = new GradientBuffer(parameters);
        // Garbage of earlier tests is finalized now, so the live-tensor count moves only by what Gather leaves behind.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        long live = Tensor.TotalCount;

        buffer.Gather(rows: 16, loss: 0.5f);

        // A view left undisposed would keep the step's gradient alive until its finalizer ran.
        Assert.True(Tensor.TotalCount <= live, $"Gather left {Tensor.TotalCount - live} tensors alive");
        using var weightGradient = parameters[0].grad!;
        Assert.Equal(weightGradient.data<float>().Select(g => g * 16), buffer.Values.Take(32), (a, b) => Math.Abs(a - b) <= 1e-5f * Math.Max(1, Math.Abs(a)));
        Assert.Equal(16, buffer.Rows);
        Assert.Equal(8.0, buffer.LossSum, 1e-6);
    }
}
