using System.Text.Json;
using System.Text.Json.Serialization;

namespace CcOrNet.Core.Metrics;

/// <summary>Writes NaN and infinities as JSON <c>null</c> (undefined metric) and reads <c>null</c> back as NaN.</summary>
internal sealed class NonFiniteAsNullConverter : JsonConverter<double>
{
    public override bool HandleNull => true;

    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        if (double.IsFinite(value))
            writer.WriteNumberValue(value);
        else
            writer.WriteNullValue();
    }
}
