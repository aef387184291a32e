using CcOrNet.Model.Models;
using CcOrNet.Model.Tests.Support;
using CcOrNet.Model.Training;

namespace CcOrNet.Model.Tests.Training;

[Collection("Torch")]
public sealed class LearningRateScheduleTests
{
    [Theory]
    [InlineData(0, 0L)]
    [InlineData(2, 7L)]
    [InlineData(9, 1000L)]
    public void Factor_NoDecay_IsOneAtEveryStep(int epoch, long step) =>
        Assert.Equal(1.0, LearningRateSchedule.Factor(LearningRateDecay.None, epoch, step, stepsPerEpoch: 10, epochs: 3));

    [Fact]
    public void Factor_Cosine_FallsFromOneThroughAHalfToZeroAndNeverRises()
    {
        const int epochs = 4;
        const long steps = 10;
        var factors = new List<double>();
        for (int epoch = 0; epoch < epochs; epoch++)
            for (long step = 0; step < steps; step++) factors.Add(LearningRateSchedule.Factor(LearningRateDecay.Cosine, epoch, step, steps, epochs));

        Assert.Equal(1.0, factors[0]);
        // Half-way through the run (epoch 2 of 4, its first step) the rate is half: 0.5 (1 + cos(pi / 2)).
        Assert.Equal(0.5, LearningRateSchedule.Factor(LearningRateDecay.Cosine, 2, 0, steps, epochs), 12);
        // A quarter in: 0.5 (1 + cos(pi / 4)).
        Assert.Equal(0.5 * (1 + Math.Sqrt(0.5)), LearningRateSchedule.Factor(LearningRateDecay.Cosine, 1, 0, steps, epochs), 12);
        Assert.Equal(0.0, LearningRateSchedule.Factor(LearningRateDecay.Cosine, epochs - 1, steps, steps, epochs), 12);
        for (int i = 1; i < factors.Count; i++) Assert.True(factors[i] < factors[i - 1], $"step {i}: {factors[i]} after {factors[i - 1]}");
        Assert.True(factors[^1] > 0, "the last planned step still learns a little");
    }

    [Fact]
    public void Factor_Cosine_EpochLongerThanPlanned_StaysAtItsEndOfEpochRate()
    {
        double end = LearningRateSchedule.Factor(LearningRateDecay.Cosine, 0, 10, stepsPerEpoch: 10, epochs: 2);

        Assert.Equal(0.5, end, 12);
        Assert.Equal(end, LearningRateSchedule.Factor(LearningRateDecay.Cosine, 0, 25, stepsPerEpoch: 10, epochs: 2));
        // Epochs beyond the plan (a resumed run given more epochs would be refused; the schedule itself stays at 0).
        Assert.Equal(0.0, LearningRateSchedule.Factor(LearningRateDecay.Cosine, 5, 0, stepsPerEpoch: 10, epochs: 2), 12);
    }

    [Fact]
    public void StreamingTrainer_DecayWithoutPlannedSteps_IsRefused()
    {
        using var batch = SyntheticLtv.Batch(64, seed: 1);
        using var model = LtvModelFactory.Create("logmse", SyntheticLtv.Layout, SyntheticLtv.Edges(batch), seed: 1);

        var error = Assert.Throws<ArgumentException>(() => { using var _ = new StreamingTrainer(model, new TrainerOptions(Decay: LearningRateDecay.Cosine)); });

        Assert.Contains("StepsPerEpoch", error.Message);
    }
}
