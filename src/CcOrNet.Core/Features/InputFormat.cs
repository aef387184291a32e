namespace CcOrNet.Core.Features;

/// <summary>How an input file or folder is parsed.</summary>
public enum InputFormat
{
    /// <summary>By extension: <c>.parquet</c> is Parquet, anything else CSV; a folder by the files it holds.</summary>
    Auto,
    Parquet,
    /// <summary>Delimited text with a header line; delimiter and types sniffed unless given.</summary>
    Csv,
    /// <summary>Text columns separated by runs of spaces or tabs, header on the first line (e.g. CDNOW).</summary>
    Whitespace,
}
