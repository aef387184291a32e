namespace CcOrNet.Pipeline.Evaluation;

/// <summary>
/// One model's predictions to evaluate: a name for the report and a folder, either a committed partition
/// (<c>predictions/dt=YYYY-MM-DD</c>) or the predictions table holding it (the partition of the labels' date is taken).
/// </summary>
/// <param name="Name">Shown in metrics.json and the report; unique within one evaluation.</param>
/// <param name="Path">Partition or table folder.</param>
public sealed record PredictionSource(string Name, string Path)
{
    /// <summary>
    /// Parses <c>NAME=PATH</c>, or a bare <c>PATH</c> named after its folder (the table's folder for a <c>dt=</c> partition).
    /// </summary>
    public static PredictionSource Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int equals = text.IndexOf('=');
        // "dt=2025-01-01" alone, or a path whose first '=' sits after a separator, is a path, not NAME=PATH.
        int separator = text.IndexOfAny(['/', '\\']);
        bool named = equals > 0 && (separator < 0 || equals < separator) && !text.StartsWith("dt=", StringComparison.Ordinal);
        if (named) return new PredictionSource(text[..equals].Trim(), text[(equals + 1)..].Trim());
        return new PredictionSource(DefaultName(text), text);
    }

    private static string DefaultName(string path)
    {
        string full = System.IO.Path.GetFullPath(path).TrimEnd(System.IO.Path.DirectorySeparatorChar);
        string folder = System.IO.Path.GetFileName(full);
        if (folder.StartsWith("dt=", StringComparison.Ordinal))
            folder = System.IO.Path.GetFileName(System.IO.Path.GetDirectoryName(full) ?? folder);
        return folder.Length > 0 ? folder : "predictions";
    }

    public override string ToString() => $"{Name}={Path}";
}
