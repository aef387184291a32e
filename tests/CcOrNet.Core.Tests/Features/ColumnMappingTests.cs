using CcOrNet.Core.Features;
using CcOrNet.Core.Schema;

namespace CcOrNet.Core.Tests.Features;

public sealed class ColumnMappingTests
{
    [Fact]
    public void Parse_PartialMapping_KeepsDefaultsForTheRest()
    {
        var mapping = ColumnMapping.Parse("""{ "events": { "user_id": "customer_id", "attributes": [] } }""");

        Assert.Equal("customer_id", mapping.Events.UserId);
        Assert.Equal(LakeColumns.Events.Amount, mapping.Events.Amount);
        Assert.Empty(mapping.Events.Attributes);
        Assert.Equal(LakeColumns.Users.SignupTime, mapping.Users.SignupTime);
        Assert.Equal(InputFormat.Auto, mapping.Events.Format);
    }

    [Fact]
    public void Parse_WhitespaceFormat_ReadsTheEnumName()
    {
        var mapping = ColumnMapping.Parse("""{ "events": { "format": "whitespace", "time_format": "%Y%m%d" } }""");
        Assert.Equal(InputFormat.Whitespace, mapping.Events.Format);
        Assert.Equal("%Y%m%d", mapping.Events.TimeFormat);
    }

    [Fact]
    public void Load_UnknownKey_IsInvalidData()
    {
        string file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, """{ "events": { "userid": "customer_id" } }""");
            var error = Assert.Throws<InvalidDataException>(() => ColumnMapping.Load(file));
            Assert.Contains("userid", error.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void ToJson_Default_RoundTrips()
    {
        var mapping = ColumnMapping.Parse(ColumnMapping.Default.ToJson());
        Assert.Equal(ColumnMapping.Default.Events.Attributes, mapping.Events.Attributes);
        Assert.Equal(ColumnMapping.Default.Users.Numeric, mapping.Users.Numeric);
    }
}
