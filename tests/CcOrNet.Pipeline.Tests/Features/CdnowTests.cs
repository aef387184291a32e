using CcOrNet.Core.Features;
using CcOrNet.Core.Thresholds;
using CcOrNet.Pipeline.Features;
using CcOrNet.Pipeline.Thresholds;
using Microsoft.Extensions.Logging.Abstractions;

namespace CcOrNet.Pipeline.Tests.Features;

/// <summary>The real CDNOW file with the task of its README.</summary>
[Collection("DuckDB")]
public sealed class CdnowTests
{
    private const string CdnowFile = "/work/shared/data/cdnow/CDNOW_master.txt";

    /// <summary>The documented CDNOW mapping (docs/features.md).</summary>
    internal static readonly ColumnMapping Mapping = ColumnMapping.Parse("""
        { "events": { "format": "whitespace", "user_id": "customer_id", "event_time": "date",
                      "time_format": "%Y%m%d", "amount": "dollar_value", "attributes": [] } }
        """);

    [Fact]
    public async Task RunAsync_CdnowReadmeTask_MatchesReadmeCounts()
    {
        if (!File.Exists(CdnowFile)) return; // the shared data set is not on every machine
        using var temp = new TempFolder();
        var options = new FeaturesOptions
        {
            EventsPath = CdnowFile,
            Mapping = Mapping,
            AsOf = new DateOnly(1997, 10, 1),
            ObservationDays = 273,
            HorizonDays = 273,
            OutputDirectory = temp.File("features"),
            Shards = 4,
        };

        var result = await FeaturesJob.RunAsync(options, null, NullLogger.Instance, CancellationToken.None);

        Assert.True(result.HasLabel);
        Assert.Equal(23_570, result.Rows);
        double zeroShare = 1.0 - (double)result.Manifest.PositiveLabels / result.Rows;
        Assert.Equal(0.701, Math.Round(zeroShare, 3));

        var thresholds = await ThresholdsJob.RunAsync(
            new ThresholdsOptions { FeaturesDirectory = result.OutputDirectory, OutputFile = temp.File("thresholds.json") },
            null, NullLogger.Instance, CancellationToken.None);
        Assert.Equal(new RowCounts(23_570, result.Manifest.PositiveLabels), thresholds.Thresholds.Counts);
        Assert.True(thresholds.Thresholds.TopEdge > thresholds.Thresholds.BucketEdges[^1]);
    }
}
