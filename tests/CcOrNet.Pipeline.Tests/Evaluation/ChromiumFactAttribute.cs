namespace CcOrNet.Pipeline.Tests.Evaluation;

/// <summary>A fact that runs only where Debian's <c>chromium</c> is installed, and is reported as skipped (with how to install it) elsewhere.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (Chromium.Path is null) Skip = "chromium is not installed (apt-get install -y chromium; .ci/run installs it): report rendering not checked";
    }
}

/// <summary>Where the Chromium executable is, looked up on PATH once.</summary>
internal static class Chromium
{
    public static string? Path { get; } = Find();

    private static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(dir => new[] { "chromium", "chromium-browser" }.Select(name => System.IO.Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);
}
