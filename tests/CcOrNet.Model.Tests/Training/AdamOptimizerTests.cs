using CcOrNet.Model.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CcOrNet.Model.Tests.Training;

/// <summary>Our Adam against TorchSharp's (torch.optim.Adam): same trajectory to fp32 tolerance, exact resume from a saved state.</summary>
[Collection("Torch")]
public sealed class AdamOptimizerTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.01)]
    public void Step_TenStepsWithASometimesUnusedHead_MatchesTorchAdam(double weightDecay)
    {
        using var ours = new TwoHeads(seed: 3);
        using var reference = new TwoHeads(seed: 3);
        using var adam = new AdamOptimizer(ours.parameters().ToList(), learningRate: 0.01, weightDecay: weightDecay);
        using var torchAdam = optim.Adam(reference.parameters(), lr: 0.01, weight_decay: weightDecay);

        for (int step = 0; step < 10; step++)
        {
            // The second head gets no gradient on odd steps: both optimizers must skip it (no moment decay, no step count).
            StepBoth(ours, adam, reference, torchAdam, step, both: step % 2 == 0);
        }

        Assert.Equal([10, 10, 5, 5], adam.Steps);
        
        float worst = Difference(ours, reference);
        Assert.True(worst < 1e-6f, $"largest parameter difference from torch.optim.Adam {worst:E2}");
        using var untrained = new TwoHeads(seed: 3);
        Assert.True(Difference(ours, untrained) > 0.02f, "ten steps at lr 0.01 should move the parameters");
    }

    [Fact]
    public void Step_LearningRateChangedBetweenSteps_MatchesTorchAdamWithItsGroupRateChanged()
    {
        using var ours = new TwoHeads(seed: 7);
        using var reference = new TwoHeads(seed: 7);
        using var adam = new AdamOptimizer(ours.parameters().ToList(), learningRate: 0.01);
        using var torchAdam = optim.Adam(reference.parameters(), lr: 0.01);

        for (int step = 0; step < 8; step++)
        {
            // A cosine-like fall to 0 at the last step: the moments keep updating at rate 0, the parameters do not move.
            double rate = 0.01 * LearningRateSchedule.Factor(LearningRateDecay.Cosine, 0, step, 7, 1);
            adam.LearningRate = rate;
            foreach (var group in torchAdam.ParamGroups) group.LearningRate = rate;
            StepBoth(ours, adam, reference, torchAdam, step, both: true);
        }

        Assert.Equal(0.0, adam.LearningRate);
        float worst = Difference(ours, reference);
        Assert.True(worst < 1e-6f, $"largest parameter difference from torch.optim.Adam {worst:E2}");
        Assert.Throws<ArgumentOutOfRangeException>(() => adam.LearningRate = -1e-3);
    }

    [Fact]
    public void ClipGradientNorm_LargeGradients_MatchesTorchClipGradNorm()
    {
        using var ours = new TwoHeads(seed: 4);
        using var reference = new TwoHeads(seed: 4);
        using var adam = new AdamOptimizer(ours.parameters().ToList());
        using (NewDisposeScope()) (ours.Loss(0, true) * 100).backward();
        using (NewDisposeScope()) (reference.Loss(0, true) * 100).backward();

        double norm = adam.ClipGradientNorm(0.5);
        double referenceNorm = nn.utils.clip_grad_norm_(reference.parameters(), 0.5);

        Assert.Equal(referenceNorm, norm, referenceNorm * 1e-6);
        Assert.True(norm > 0.5, $"the test needs gradients above the limit (norm {norm})");
        var clipped = ours.parameters().Zip(reference.parameters(), (a, b) => (a.grad!.data<float>().ToArray(), b.grad!.data<float>().ToArray()));
        foreach (var (a, b) in clipped)
            for (int i = 0; i < a.Length; i++) Assert.Equal(b[i], a[i], 1e-6f);
    }

    [Fact]
    public void Load_SavedAfterThreeSteps_ContinuesExactlyAsAnUninterruptedRun()
    {
        string path = Path.Combine(Path.GetTempPath(), $"adam-{Guid.NewGuid():N}.state");
        try
        {
            using var straight = new TwoHeads(seed: 5);
            using (var adam = new AdamOptimizer(straight.parameters().ToList(), learningRate: 0.01))
                for (int step = 0; step < 6; step++) Train(straight, adam, step);

            using var resumed = new TwoHeads(seed: 5);
            using (var adam = new AdamOptimizer(resumed.parameters().ToList(), learningRate: 0.01))
            {
                for (int step = 0; step < 3; step++) Train(resumed, adam, step);
                adam.Save(path);
            }
            using (var adam = new AdamOptimizer(resumed.parameters().ToList(), learningRate: 0.01))
            {
                adam.Load(path);
                Assert.Equal([3, 3, 2, 2], adam.Steps);
                for (int step = 3; step < 6; step++) Train(resumed, adam, step);
            }

            Assert.Equal(0f, Difference(straight, resumed));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Load_StateOfAnotherModel_ThrowsNamingTheMismatch()
    {
        string path = Path.Combine(Path.GetTempPath(), $"adam-{Guid.NewGuid():N}.state");
        try
        {
            using var small = nn.Linear(3, 2);
            using (var adam = new AdamOptimizer(small.parameters().ToList())) adam.Save(path);
            using var model = new TwoHeads(seed: 6);
            using var other = new AdamOptimizer(model.parameters().ToList());

            var error = Assert.Throws<InvalidDataException>(() => other.Load(path));
            Assert.Contains("2 parameters, the model has 4", error.Message);
            File.WriteAllBytes(path, [1, 2, 3]);
            Assert.Throws<InvalidDataException>(() => other.Load(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>One step of our Adam on <paramref name="ours"/> and of torch's on <paramref name="reference"/>, same loss.</summary>
    private static void StepBoth(TwoHeads ours, AdamOptimizer adam, TwoHeads reference, optim.Optimizer torchAdam, int step, bool both)
    {
        adam.ZeroGrad();
        using (NewDisposeScope()) ours.Loss(step, both).backward();
        adam.Step();
        // PyTorch's zero_grad(set_to_none: true); TorchSharp's zero_grad fills with zeros, which Adam would not skip.
        foreach (var parameter in reference.parameters()) parameter.grad = null;
        using (NewDisposeScope()) reference.Loss(step, both).backward();
        torchAdam.step();
    }

    private static void Train(TwoHeads model, AdamOptimizer adam, int step)
    {
        adam.ZeroGrad();
        using (NewDisposeScope()) model.Loss(step, step % 2 == 0).backward();
        adam.ClipGradientNorm(1.0);
        adam.Step();
    }

    private static float Difference(TwoHeads a, TwoHeads b) =>
        a.parameters().Zip(b.parameters(), (x, y) => x.detach().sub(y.detach()).abs().max().item<float>()).Max();

    /// <summary>Two Linear heads; the second can be left out of the loss, so that it has no gradient in that step.</summary>
    private sealed class TwoHeads : nn.Module
    {
        private readonly Linear first;
        private readonly Linear second;

        public TwoHeads(long seed) : base(nameof(TwoHeads))
        {
            torch.manual_seed(seed);
            first = nn.Linear(5, 3);
            second = nn.Linear(5, 1);
            RegisterComponents();
        }

        public Tensor Loss(int step, bool both)
        {
            var generator = new Generator((ulong)(100 + step));
            var x = torch.randn([16, 5], generator: generator);
            var y = torch.randn([16, 3], generator: generator);
            var loss = (first.forward(x) - y).pow(2).mean();
            return both ? loss + second.forward(x).pow(2).mean() : loss;
        }
    }
}
