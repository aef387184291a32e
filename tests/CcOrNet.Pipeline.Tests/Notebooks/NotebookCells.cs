using System.Text.Json;
using System.Text.RegularExpressions;

namespace CcOrNet.Pipeline.Tests.Notebooks;

/// <summary>A Polyglot (.NET Interactive) notebook's C# code cells, with their <c>#r</c> references split from the code.</summary>
/// <param name="Kernel">The notebook's kernelspec name, e.g. <c>.net-csharp</c>.</param>
/// <param name="Cells">The C# code cells in order, <c>#r</c> and <c>#!</c> lines blanked (line numbers kept).</param>
/// <param name="References">Every <c>#r</c> argument, e.g. <c>nuget: ScottPlot, 5.1.59</c> or a dll path.</param>
internal sealed partial record NotebookCells(string Kernel, IReadOnlyList<string> Cells, IReadOnlyList<string> References)
{
    public static NotebookCells Read(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(file));
        var root = document.RootElement;
        string kernel = root.GetProperty("metadata").GetProperty("kernelspec").GetProperty("name").GetString() ?? "";
        var cells = new List<string>();
        var references = new List<string>();
        foreach (var cell in root.GetProperty("cells").EnumerateArray())
        {
            if (cell.GetProperty("cell_type").GetString() != "code" || Language(cell) != "csharp") continue;
            var lines = string.Concat(cell.GetProperty("source").EnumerateArray().Select(l => l.GetString())).Split('\n');
            for (int i = 0; i < lines.Length; i++)
            {
                var reference = Reference().Match(lines[i]);
                if (reference.Success) references.Add(reference.Groups[1].Value);
                if (reference.Success || lines[i].TrimStart().StartsWith("#!", StringComparison.Ordinal)) lines[i] = "";
            }
            cells.Add(string.Join('\n', lines));
        }
        return new NotebookCells(kernel, cells, references);
    }

    /// <summary>The cell's kernel: Polyglot's metadata, else the notebook default (C#).</summary>
    private static string Language(JsonElement cell)
    {
        if (cell.TryGetProperty("metadata", out var metadata))
        {
            if (metadata.TryGetProperty("polyglot_notebook", out var polyglot) && polyglot.TryGetProperty("kernelName", out var kernel))
                return kernel.GetString() ?? "csharp";
            if (metadata.TryGetProperty("dotnet_interactive", out var dotnet) && dotnet.TryGetProperty("language", out var language))
                return language.GetString() ?? "csharp";
        }
        return "csharp";
    }

    [GeneratedRegex("""^\s*#r\s+"([^"]+)"\s*$""")]
    private static partial Regex Reference();
}
