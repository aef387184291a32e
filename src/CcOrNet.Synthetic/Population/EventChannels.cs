namespace CcOrNet.Synthetic.Population;

/// <summary>Where events happen.</summary>
internal static class EventChannels
{
    public const string App = "app";
    public const string Web = "web";
    public const string Store = "store";
}
