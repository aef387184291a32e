namespace CcOrNet.Synthetic.Population;

/// <summary>The values of the events table's <c>event_type</c> column.</summary>
internal static class EventTypes
{
    public const string Purchase = "purchase";
    public const string Return = "return";
    public const string Session = "session";
}
