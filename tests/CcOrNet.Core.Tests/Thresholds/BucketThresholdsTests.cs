using CcOrNet.Core.Thresholds;

namespace CcOrNet.Core.Tests.Thresholds;

public sealed class BucketThresholdsTests
{
    private static BucketThresholds Make(params double[] edges) => new()
    {
        AsOf = new DateOnly(2024, 3, 1), FeaturesFingerprint = "f", Mode = QuantileMode.Exact, Quantiles = [0.5, 0.75],
        BucketEdges = edges, TopEdgeQuantile = 0.999, TopEdge = 100, Counts = new RowCounts(10, 4),
        Numeric = new Dictionary<string, Normalisation> { ["monetary"] = new(FeatureTransform.SignedLog1p, 1, 2) },
        Sequences = new Dictionary<string, Normalisation>(),
        Vocabularies = new Dictionary<string, Vocabulary> { ["country"] = new(5, new Dictionary<string, int> { ["DE"] = 1 }) },
    };

    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(1e-6, 0)]   // the zero bucket is y <= t_1
    [InlineData(0.5, 1)]
    [InlineData(10.0, 1)]   // an edge belongs to the bucket below it
    [InlineData(10.01, 2)]
    [InlineData(1e9, 3)]
    public void BucketOf_Label_CountsEdgesBelowIt(double label, int bucket) =>
        Assert.Equal(bucket, Make(1e-6, 10, 50).BucketOf(label));

    [Fact]
    public void Read_NonIncreasingEdges_IsInvalidData()
    {
        string file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, Make(1e-6, 10, 10).ToJson());
            var error = Assert.Throws<InvalidDataException>(() => BucketThresholds.Read(file));
            Assert.Contains("must increase", error.Message);
            File.WriteAllText(file, Make(1e-6, 10, 50).ToJson());
            Assert.Equal(4, BucketThresholds.Read(file).Buckets);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Normalise_HeavyTailed_UsesSignedLog1p()
    {
        var n = new Normalisation(FeatureTransform.SignedLog1p, 1, 2);
        Assert.Equal((Math.Log(1 + 9) - 1) / 2, n.Normalise(9), 12);
        Assert.Equal((-Math.Log(1 + 9) - 1) / 2, n.Normalise(-9), 12);
    }

    [Fact]
    public void IndexOf_UnknownOrNull_IsOutOfVocabulary()
    {
        var vocabulary = new Vocabulary(5, new Dictionary<string, int> { ["DE"] = 1, ["FR"] = 2 });
        Assert.Equal(2, vocabulary.IndexOf("FR"));
        Assert.Equal(Vocabulary.OutOfVocabulary, vocabulary.IndexOf("XX"));
        Assert.Equal(Vocabulary.OutOfVocabulary, vocabulary.IndexOf(null));
        Assert.Equal(3, vocabulary.Size);
    }
}
