using CcOrNet.Core.Features;

namespace CcOrNet.Engines;

/// <summary>An input table: a Parquet or CSV file, a folder of them, or a glob.</summary>
/// <param name="Path">File, folder or glob.</param>
/// <param name="Format">How to parse it.</param>
/// <param name="Delimiter">CSV delimiter; null = sniffed.</param>
public sealed record TableSource(string Path, InputFormat Format = InputFormat.Auto, string? Delimiter = null)
{
    /// <summary>
    /// The concrete format and the file pattern to read: a folder becomes a recursive glob over the
    /// Parquet files it holds, or else its CSV/text files.
    /// </summary>
    public (InputFormat Format, string Pattern) Resolve()
    {
        if (Directory.Exists(Path))
        {
            var files = Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories)
                .Where(f => !System.IO.Path.GetFileName(f).StartsWith('.') && !System.IO.Path.GetFileName(f).StartsWith('_'))
                .ToList();
            if (files.Count == 0)
                throw new InvalidDataException($"Input folder '{Path}' holds no data files");
            bool parquet = Format == InputFormat.Parquet || (Format == InputFormat.Auto && files.Any(IsParquet));
            string extension = parquet ? ".parquet" : System.IO.Path.GetExtension(files.First(f => !IsParquet(f)));
            return (parquet ? InputFormat.Parquet : Concrete(Format), System.IO.Path.Combine(Path, "**", "*" + extension));
        }
        if (File.Exists(Path))
            return (Format == InputFormat.Auto ? (IsParquet(Path) ? InputFormat.Parquet : InputFormat.Csv) : Format, Path);
        if (Path.Contains('*'))
            return (Format == InputFormat.Auto ? (Path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase) ? InputFormat.Parquet : InputFormat.Csv) : Format, Path);
        throw new FileNotFoundException($"Input '{Path}' does not exist", Path);
    }

    private static InputFormat Concrete(InputFormat format) => format == InputFormat.Auto ? InputFormat.Csv : format;

    private static bool IsParquet(string file) => file.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase);
}
