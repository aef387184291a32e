using Microsoft.Extensions.Logging.Abstractions;

namespace CcOrNet.Synthetic.Tests;

/// <summary>The generated data has the shape LTV models face in practice (docs/data.md).</summary>
public sealed class ShapeTargetsTests : IAsyncLifetime
{
    private readonly TempFolder _temp = new();
    private GeneratedLake _lake = null!;

    public async Task InitializeAsync() =>
        _lake = await LakeGenerator.RunAsync(
            new GeneratorOptions { OutputDirectory = _temp.Combine("lake"), Users = 30_000, Seed = 2024 },
            null, NullLogger.Instance, CancellationToken.None);

    public Task DisposeAsync()
    {
        _temp.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public void LabelShape_DefaultTask_HitsTheTargets()
    {
        LabelShapeReport report = LabelShape.Compute(_lake.Directory, _lake.Task);

        Assert.InRange(report.ZeroShare, 0.55, 0.75);
        Assert.InRange(report.Top1PercentShare, 0.25, 0.40);
        Assert.True(report.Gini >= 0.8, $"Gini {report.Gini:F3} should be at least 0.8");
        Assert.True(report.QuietWhaleShare >= 0.03, $"some whales should have a quiet recent history, got {report}");
        Assert.InRange(report.PastSpendSpearman, 0.3, 0.6);
    }

    [Fact]
    public void LabelShape_OutOfTimeTrainingTask_HasAFullObservationAndASimilarShape()
    {
        LabelShapeReport report = LabelShape.Compute(_lake.Directory, LakeCalendar.TrainingTask);

        Assert.True(LakeCalendar.TrainingTask.ObservationStart >= LakeCalendar.HistoryStart);
        Assert.InRange(report.ZeroShare, 0.55, 0.75);
        Assert.True(report.Gini >= 0.8, $"Gini {report.Gini:F3} should be at least 0.8");
    }

    [Fact]
    public void EventsPerUser_IsModerate()
    {
        double perUser = _lake.EventRows / (double)_lake.Users;

        Assert.InRange(perUser, 10, 25);
    }
}
