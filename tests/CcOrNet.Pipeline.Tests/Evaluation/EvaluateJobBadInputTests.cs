using CcOrNet.Core.Schema;
using CcOrNet.Pipeline.Evaluation;
using Microsoft.Extensions.Logging.Abstractions;

namespace CcOrNet.Pipeline.Tests.Evaluation;

/// <summary>Bad inputs fail before anything is published, with a message that names what is wrong and where.</summary>
public sealed class EvaluateJobBadInputTests : IDisposable
{
    private readonly SyntheticEvaluation _data = new(users: 300);

    [Fact]
    public async Task RunAsync_MissingColumns_NamesEveryMissingColumn()
    {
        string path = await _data.WritePartitionAsync("m", _data.Model(0.5, 1),
            keepColumn: f => f.Name != PredictionColumns.WhaleScore && f.Name != PredictionColumns.LtvExpected);

        string message = await FailsAsync(await OptionsAsync(path));

        Assert.Contains("lacks 2 column(s)", message);
        Assert.Contains("ltv_expected, whale_score", message);
    }

    [Fact]
    public async Task RunAsync_NoCommonUsers_SaysNoOverlap()
    {
        var rows = _data.Model(0.5, 1);
        string path = await _data.WritePartitionAsync("m", rows with { UserIds = rows.UserIds.Select(id => id + 1).ToArray() });

        string message = await FailsAsync(await OptionsAsync(path));

        Assert.Contains("share no user_id with the 300 labelled users", message);
    }

    [Fact]
    public async Task RunAsync_DuplicateUsers_CountsThem()
    {
        var rows = _data.Model(0.5, 1);
        var ids = rows.UserIds.ToArray();
        ids[10] = ids[11];
        ids[20] = ids[21];
        string path = await _data.WritePartitionAsync("m", rows with { UserIds = ids });

        string message = await FailsAsync(await OptionsAsync(path));

        Assert.Contains($"2 user_id(s) appear more than once (e.g. {ids[11]}, {ids[21]})", message);
    }

    [Fact]
    public async Task RunAsync_NaNPrediction_NamesColumnAndUser()
    {
        var rows = _data.Model(0.5, 1);
        rows.LtvExpected[5] = double.NaN;
        string path = await _data.WritePartitionAsync("m", rows);

        string message = await FailsAsync(await OptionsAsync(path));

        Assert.Contains($"column ltv_expected has 1 NaN or infinite value(s) (first: user {rows.UserIds[5]} has NaN)", message);
    }

    [Fact]
    public async Task RunAsync_PartitionWithoutSuccessMarker_IsRefusedAsUncommitted()
    {
        string path = await _data.WritePartitionAsync("m", _data.Model(0.5, 1), success: false);

        string message = await FailsAsync(await OptionsAsync(path));

        Assert.Contains("has no _SUCCESS marker", message);
    }

    [Fact]
    public async Task RunAsync_LabelsOfAnotherDate_AreRefused()
    {
        string path = await _data.WritePartitionAsync("m", _data.Model(0.5, 1));
        var options = await OptionsAsync(path) with { LabelsDirectory = await _data.WriteLabelsAsync("later", asOf: SyntheticEvaluation.AsOf.AddDays(7)) };

        string message = await FailsAsync(options);

        Assert.Contains("their as_of is 2025-06-01 but the labels", message);
        Assert.Contains("are as of 2025-06-08", message);
    }

    [Fact]
    public async Task RunAsync_SnapshotWithoutLabel_IsRefused()
    {
        string path = await _data.WritePartitionAsync("m", _data.Model(0.5, 1));
        var options = await OptionsAsync(path) with { LabelsDirectory = await _data.WriteLabelsAsync("unlabelled", hasLabel: false) };

        string message = await FailsAsync(options);

        Assert.Contains("have no label column", message);
    }

    [Fact]
    public async Task RunAsync_NegativeLabel_IsRefused()
    {
        string path = await _data.WritePartitionAsync("m", _data.Model(0.5, 1));
        var labels = _data.Labels.ToArray();
        labels[3] = -4;
        var options = await OptionsAsync(path) with { LabelsDirectory = await _data.WriteLabelsAsync("negative", labels: labels) };

        string message = await FailsAsync(options);

        Assert.Contains($"1 ltv value(s) are NaN, infinite or negative (first: user {_data.UserIds[3]} has -4)", message);
    }

    [Fact]
    public async Task RunAsync_ThresholdsWithOtherBucketCount_AreRefused()
    {
        var rows = _data.Model(0.5, 1);
        string path = await _data.WritePartitionAsync("m", rows with { Probabilities = rows.Probabilities[..3], Bucket = rows.Bucket.Select(b => Math.Min(b, 2)).ToArray() },
            keepColumn: f => f.Name != PredictionColumns.PBucket(3));

        string message = await FailsAsync(await OptionsAsync(path) with { ThresholdsFile = _data.WriteThresholds() });

        Assert.Contains("they have 3 p_bucket columns but the thresholds give 4 buckets", message);
    }

    [Fact]
    public async Task Validate_BrokenOptions_ListsEveryProblemInOneMessage()
    {
        var options = new EvaluateOptions
        {
            Predictions = [new PredictionSource("a", "x"), new PredictionSource("a", "y")],
            LabelsDirectory = "",
            OutputDirectory = "out",
            TopFraction = 0,
        };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => EvaluateJob.RunAsync(options, null, NullLogger.Instance, CancellationToken.None));

        Assert.Contains("prediction names must be unique, got 'a' more than once", error.Message);
        Assert.Contains("labels directory is required", error.Message);
        Assert.Contains("top fraction must be in (0, 1], got 0", error.Message);
    }

    [Theory]
    [InlineData("ccornet=/lake/predictions/dt=2025-06-01", "ccornet", "/lake/predictions/dt=2025-06-01")]
    [InlineData("/lake/ziln/dt=2025-06-01", "ziln", "/lake/ziln/dt=2025-06-01")]
    [InlineData("/lake/predictions", "predictions", "/lake/predictions")]
    [InlineData("two stage = runs/p", "two stage", "runs/p")]
    public void Parse_NameAndPath_SplitsAtTheFirstEqualsBeforeAnySlash(string text, string name, string path)
    {
        var source = PredictionSource.Parse(text);

        Assert.Equal(new PredictionSource(name, path), source);
    }

    private async Task<EvaluateOptions> OptionsAsync(string predictions) => new()
    {
        Predictions = [new PredictionSource("m", predictions)],
        LabelsDirectory = await _data.WriteLabelsAsync("labels"),
        OutputDirectory = _data.Path("out"),
    };

    /// <summary>Runs the job expecting <see cref="InvalidDataException"/>; checks that nothing was published or left staged.</summary>
    private async Task<string> FailsAsync(EvaluateOptions options)
    {
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => EvaluateJob.RunAsync(options, null, NullLogger.Instance, CancellationToken.None));
        Assert.Empty(Directory.GetDirectories(_data.Root, "*out*"));
        return error.Message;
    }

    public void Dispose() => _data.Dispose();
}
