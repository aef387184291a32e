using CcOrNet.Model.Modules;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace CcOrNet.Model.Tests.Modules;

[Collection("Torch")]
public sealed class PatchSequenceEncoderTests
{
    [Fact]
    public void Forward_TwentyDaysInWeeks_MatchesTheLayersWrittenOut()
    {
        torch.manual_seed(3);
        using var scope = NewDisposeScope();
        using var encoder = new PatchSequenceEncoder(channels: 2, days: 20, patchDays: 7, hidden: 3);
        var p = encoder.named_parameters().ToDictionary(x => x.name, x => x.parameter.detach());
        var sequence = torch.rand(4, 2, 20);

        var output = encoder.forward(sequence);

        // Patch 0 = 1 zero day + days 0..5, patch 1 = days 6..12, patch 2 = days 13..19; a patch's features are channel
        // 0's days, then channel 1's. Patch w is mixed with patches w-1 and w+1 (zeros beyond the ends).
        var padded = torch.cat([torch.zeros(4, 2, 1), sequence], 2);
        var embedded = Enumerable.Range(0, 3)
            .Select(w => F.relu(F.linear(padded.narrow(2, 7 * w, 7).reshape(4, 14), p["patch.weight"], p["patch.bias"])))
            .ToList();
        var zero = torch.zeros(4, 3);
        var mixed = Enumerable.Range(0, 3)
            .Select(w => F.relu(F.linear(torch.cat([w > 0 ? embedded[w - 1] : zero, embedded[w], w < 2 ? embedded[w + 1] : zero], 1),
                p["temporal.weight"], p["temporal.bias"])))
            .ToList();
        var stacked = torch.stack(mixed, 1);
        var expected = torch.cat([stacked.mean([1]), stacked.amax([1])], 1);
        Assert.Equal(3, encoder.PatchCount);
        Assert.Equal([4L, 6L], output.shape);
        Assert.True(torch.allclose(expected, output, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void Forward_ActivityMovedByWholeWeeksInside_GivesTheSameEncodingAndAnotherDayDoesNot()
    {
        torch.manual_seed(4);
        using var scope = NewDisposeScope();
        using var encoder = new PatchSequenceEncoder(channels: 1, days: 56, patchDays: 7, hidden: 8);
        Tensor Encode(int day)
        {
            var sequence = torch.zeros(1, 1, 56);
            sequence[0, 0, day] = torch.tensor(5f);
            return encoder.forward(sequence);
        }

        // Like convolutions followed by pooling, the encoding looks for patterns wherever they happen (away from the ends)...
        Assert.True(torch.allclose(Encode(16), Encode(30), rtol: 1e-5, atol: 1e-6));
        // ...and sees where in the week they happen.
        Assert.False(torch.allclose(Encode(16), Encode(17), rtol: 1e-5, atol: 1e-6));
    }
}
