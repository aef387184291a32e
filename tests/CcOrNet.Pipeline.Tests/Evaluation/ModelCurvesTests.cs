using CcOrNet.Pipeline.Evaluation;

namespace CcOrNet.Pipeline.Tests.Evaluation;

public sealed class ModelCurvesTests
{
    // Four users, total value 20. By score: user 0 (10), then user 3 (5), then users 1 and 2 tied (0 and 5).
    private static readonly double[] Actual = [10, 0, 5, 5];
    private static readonly double[] Score = [3, 1, 1, 2];

    [Fact]
    public void Captured_TieGroupOnTheCut_CountsItsExpectedShare()
    {
        var captured = ModelCurves.Captured(Actual, Score, [0.25, 0.5, 0.75, 1.0]);

        // Top 3 takes one of the tied pair at random: 15 + (0 + 5) / 2 = 17.5 of 20.
        Assert.Equal([0.5, 0.75, 0.875, 1.0], captured.Select(c => c.Model));
        Assert.Equal([0.5, 0.75, 1.0, 1.0], captured.Select(c => c.Perfect));
        Assert.Equal([1, 2, 3, 4], captured.Select(c => c.Users));
    }

    [Fact]
    public void Lorenz_NinePoints_InterpolatesInsideTieGroups()
    {
        var curve = ModelCurves.Lorenz(Actual, Score, points: 9);

        Assert.Equal(0.0, curve.Model[0]);
        Assert.Equal(0.25, curve.Model[1], 12); // half of the first user's 10
        Assert.Equal(0.9375, curve.Model[7], 12); // 3.5 users: 15 + 1.5 of the tied pair's 2 users x their 5
        Assert.Equal(1.0, curve.Model[^1], 12);
        Assert.Equal(1.0, curve.Perfect[6], 12); // 3 users hold everything
    }

    [Fact]
    public void Calibration_GroupsByPredictedBucket()
    {
        double[] predicted = [8, 0, 4, 6];
        int[] bucket = [2, 0, 1, 1];
        double[][] probabilities = [[0.1, 0.8, 0.2, 0.1], [0.2, 0.1, 0.6, 0.5], [0.7, 0.1, 0.2, 0.4]];

        var rows = ModelCurves.Calibration(Actual, predicted, predicted, bucket, probabilities, [1e-6, 7]);

        Assert.Equal([1, 2, 1], rows.Select(r => r.PredictedCount));
        Assert.Equal(5.0, rows[1].MeanPredicted);
        Assert.Equal(5.0, rows[1].MeanActual);
        Assert.Equal(0.35, rows[2].MeanProbability, 12);
        Assert.Equal([0.25, 0.5, 0.25], rows.Select(r => r.ActualShare));
    }
}
