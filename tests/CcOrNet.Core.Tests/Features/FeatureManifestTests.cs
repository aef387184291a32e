using CcOrNet.Core.Features;

namespace CcOrNet.Core.Tests.Features;

public sealed class FeatureManifestTests
{
    [Fact]
    public void Parse_ToJson_RoundTripsColumnRoles()
    {
        var manifest = new FeatureManifest
        {
            AsOf = new DateOnly(1997, 10, 1), ObservationDays = 273, HorizonDays = 273, HasLabel = true,
            Schema = new FeatureSchema { Numeric = [new NumericFeature("monetary", true)], Categorical = ["country"], SequenceChannels = ["spend"], SequenceLength = 3, Label = "ltv" },
            Shards = 1, Files = ["part-00000.parquet"], Rows = 10, InputFingerprint = "abc",
        };

        var read = FeatureManifest.Parse(manifest.ToJson());

        Assert.Equal(["user_id", "monetary", "country", "seq_spend_000", "seq_spend_001", "seq_spend_002", "ltv"], read.Schema.AllColumns);
        Assert.True(read.Schema.Numeric[0].HeavyTailed);
        Assert.Equal(manifest.AsOf, read.AsOf);
        Assert.Contains("\"as_of\": \"1997-10-01\"", manifest.ToJson());
    }

    [Fact]
    public void Read_FolderWithoutManifest_SaysWhatIsMissing()
    {
        var error = Assert.Throws<FileNotFoundException>(() => FeatureManifest.Read(Path.GetTempPath()));
        Assert.Contains(FeatureManifest.FileName, error.Message);
    }
}
