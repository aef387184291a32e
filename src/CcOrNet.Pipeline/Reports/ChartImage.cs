namespace CcOrNet.Pipeline.Reports;

/// <summary>A rendered chart: PNG bytes and the pixel size they were drawn at.</summary>
/// <param name="Title">What the chart shows (the image's alt text).</param>
/// <param name="Png">The PNG file's bytes.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
public sealed record ChartImage(string Title, byte[] Png, int Width, int Height)
{
    /// <summary>The image as a <c>data:</c> URI, for an <c>img</c> element of a self-contained page.</summary>
    public string DataUri => "data:image/png;base64," + Convert.ToBase64String(Png);
}
