using System.Text.Json;
using CcOrNet.Core.Metrics;

namespace CcOrNet.Core.Tests.Metrics;

public class NonFiniteAsNullConverterTests
{
    private static readonly JsonSerializerOptions Options = new() { Converters = { new NonFiniteAsNullConverter() } };

    [Fact]
    public void Serialize_NonFiniteValues_WrittenAsNull()
    {
        var json = JsonSerializer.Serialize(new[] { 1.5, double.NaN, double.PositiveInfinity, double.NegativeInfinity }, Options);

        Assert.Equal("[1.5,null,null,null]", json);
    }

    [Fact]
    public void Deserialize_Null_ReadBackAsNaN()
    {
        var values = JsonSerializer.Deserialize<double[]>("[2.25,null]", Options);

        Assert.NotNull(values);
        Assert.Equal([2.25, double.NaN], values);
    }
}
