using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CcOrNet.Pipeline.Tests.Notebooks;

/// <summary>
/// Compiles a notebook's code cells as the C# kernel runs them: one script submission per cell, each seeing the
/// previous ones, with <see cref="NotebookKernel"/> as globals. A <c>#r</c> is mapped to the assemblies this test
/// was built with: a dll path by its file name, a NuGet package by its id (its version must be the one pinned in
/// Directory.Packages.props).
/// </summary>
internal static partial class NotebookCompiler
{
    /// <summary>Assemblies each NuGet package a notebook may reference brings in (itself and what its API exposes).</summary>
    private static readonly Dictionary<string, string[]> PackageAssemblies = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ScottPlot"] = ["ScottPlot.dll", "SkiaSharp.dll"],
        ["Parquet.Net"] = ["Parquet.dll"],
    };

    /// <summary>The kernel's default usings.</summary>
    private static readonly string[] Usings = ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Text", "System.Threading.Tasks"];

    /// <summary>Every problem found: unresolvable references, and the compiler errors of the first cell that has any, with its cell number.</summary>
    public static IReadOnlyList<string> Problems(NotebookCells notebook, string packagesProps)
    {
        var problems = new List<string>();
        var references = new List<MetadataReference>(FrameworkReferences()) { MetadataReference.CreateFromFile(typeof(NotebookKernel).Assembly.Location) };
        var pinned = PinnedVersions(packagesProps);
        foreach (string reference in notebook.References)
        {
            foreach (string file in Resolve(reference, pinned, problems))
            {
                string path = Path.Combine(AppContext.BaseDirectory, file);
                if (File.Exists(path)) references.Add(MetadataReference.CreateFromFile(path));
                else problems.Add($"#r \"{reference}\": {file} is not among the built assemblies ({AppContext.BaseDirectory})");
            }
        }

        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, usings: Usings, nullableContextOptions: NullableContextOptions.Enable);
        var parse = CSharpParseOptions.Default.WithKind(SourceCodeKind.Script).WithLanguageVersion(LanguageVersion.Latest);
        CSharpCompilation? previous = null;
        for (int i = 0; i < notebook.Cells.Count; i++)
        {
            var tree = CSharpSyntaxTree.ParseText(notebook.Cells[i], parse, path: $"code cell {i + 1}");
            var compilation = CSharpCompilation.CreateScriptCompilation($"Submission{i}", tree, references, options, previous, typeof(object), typeof(NotebookKernel));
            var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
            // Later cells build on this one: stop here, as running the notebook would.
            if (errors.Count > 0) return [.. problems, .. errors];
            previous = compilation;
        }
        return problems;
    }

    private static IEnumerable<string> Resolve(string reference, IReadOnlyDictionary<string, string> pinned, List<string> problems)
    {
        var package = NugetReference().Match(reference);
        if (!package.Success) return [Path.GetFileName(reference)];
        string id = package.Groups["id"].Value, version = package.Groups["version"].Value;
        if (!pinned.TryGetValue(id, out string? expected)) problems.Add($"#r \"{reference}\": {id} is not pinned in Directory.Packages.props");
        else if (version != expected) problems.Add($"#r \"{reference}\": version {version}, but Directory.Packages.props pins {id} {expected}");
        if (PackageAssemblies.TryGetValue(id, out var files)) return files;
        problems.Add($"#r \"{reference}\": no assemblies known for package {id}; add it to {nameof(NotebookCompiler)}.{nameof(PackageAssemblies)}");
        return [];
    }

    private static Dictionary<string, string> PinnedVersions(string packagesProps) =>
        XDocument.Load(packagesProps).Descendants("PackageVersion")
            .ToDictionary(e => (string)e.Attribute("Include")!, e => (string)e.Attribute("Version")!, StringComparer.OrdinalIgnoreCase);

    /// <summary>The shared framework's assemblies (what every notebook can use without a #r).</summary>
    private static IEnumerable<MetadataReference> FrameworkReferences()
    {
        string framework = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        return ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(path => Path.GetDirectoryName(path) == framework)
            .Select(path => MetadataReference.CreateFromFile(path));
    }

    [GeneratedRegex(@"^nuget:\s*(?<id>[^,\s]+)\s*,\s*(?<version>\S+)$")]
    private static partial Regex NugetReference();
}
