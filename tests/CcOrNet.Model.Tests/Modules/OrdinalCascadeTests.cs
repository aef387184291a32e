using CcOrNet.Model.Modules;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace CcOrNet.Model.Tests.Modules;

[Collection("Torch")]
public sealed class OrdinalCascadeTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Forward_FusedHeads_EqualPerHeadMlps(bool conditional)
    {
        torch.manual_seed(5);
        using var scope = NewDisposeScope();
        using var cascade = new OrdinalCascade(inputSize: 6, headCount: 3, headHidden: 4, conditional);
        var p = cascade.named_parameters().ToDictionary(x => x.name, x => x.parameter.detach());
        var h = torch.randn(5, 6);

        var logits = cascade.forward(h);

        // Head k: relu([h, logit_{k-1}] [W_k, u_k]^T + b_k) . v_k + c_k, written out head by head.
        var expected = new List<Tensor>();
        for (int k = 0; k < 3; k++)
        {
            var w = p["hidden.weight"].narrow(0, 4 * k, 4);
            var b = p["hidden.bias"].narrow(0, 4 * k, 4);
            var input = h;
            if (conditional && k > 0)
            {
                w = torch.cat([w, p["previous_logit"][k - 1].unsqueeze(1)], 1);
                input = torch.cat([h, expected[k - 1].unsqueeze(1)], 1);
            }
            var z = F.relu(F.linear(input, w, b));
            expected.Add(F.linear(z, p["output_weight"][k].unsqueeze(0), p["output_bias"][k].unsqueeze(0)).squeeze(1));
        }
        Assert.Equal([5L, 3L], logits.shape);
        Assert.True(torch.allclose(torch.stack(expected, 1), logits, rtol: 1e-5, atol: 1e-6));
        Assert.Equal(conditional, p.ContainsKey("previous_logit"));
    }

    [Fact]
    public void Constructor_SameSeed_InitialisesLikeSeparateLinearHeads()
    {
        torch.manual_seed(9);
        var separate = new List<(TorchSharp.Modules.Linear First, TorchSharp.Modules.Linear Second)>();
        for (int k = 0; k < 3; k++) separate.Add((nn.Linear(6 + (k > 0 ? 1 : 0), 4), nn.Linear(4, 1)));
        torch.manual_seed(9);
        using var cascade = new OrdinalCascade(inputSize: 6, headCount: 3, headHidden: 4, conditional: true);
        var p = cascade.named_parameters().ToDictionary(x => x.name, x => x.parameter.detach());

        for (int k = 0; k < 3; k++)
        {
            var (first, second) = separate[k];
            Assert.True(first.weight!.detach().narrow(1, 0, 6).allclose(p["hidden.weight"].narrow(0, 4 * k, 4), rtol: 0, atol: 0));
            Assert.True(first.bias!.detach().allclose(p["hidden.bias"].narrow(0, 4 * k, 4), rtol: 0, atol: 0));
            if (k > 0) Assert.True(first.weight!.detach().select(1, 6).allclose(p["previous_logit"][k - 1], rtol: 0, atol: 0));
            Assert.True(second.weight!.detach().squeeze(0).allclose(p["output_weight"][k], rtol: 0, atol: 0));
            Assert.True(second.bias!.detach().allclose(p["output_bias"].narrow(0, k, 1), rtol: 0, atol: 0));
        }
        foreach (var (first, second) in separate) { first.Dispose(); second.Dispose(); }
    }
}
