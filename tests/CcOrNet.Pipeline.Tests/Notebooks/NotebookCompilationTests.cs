using CcOrNet.Pipeline.Tests.Evaluation;

namespace CcOrNet.Pipeline.Tests.Notebooks;

/// <summary>notebooks/*.ipynb: every C# cell compiles against today's libraries, so the notebooks cannot rot.</summary>
public sealed class NotebookCompilationTests
{
    private static readonly string Root = ReportRenderingTests.RepositoryRoot();
    private static readonly string PackagesProps = Path.Combine(Root, "Directory.Packages.props");

    public static TheoryData<string> Notebooks()
    {
        var data = new TheoryData<string>();
        foreach (string file in Directory.GetFiles(Path.Combine(Root, "notebooks"), "*.ipynb").Order()) data.Add(Path.GetFileName(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Compile_EveryCodeCell_HasNoErrors(string notebook)
    {
        var cells = NotebookCells.Read(Path.Combine(Root, "notebooks", notebook));

        Assert.Equal(".net-csharp", cells.Kernel);
        Assert.NotEmpty(cells.Cells);
        var problems = NotebookCompiler.Problems(cells, PackagesProps);
        Assert.True(problems.Count == 0, $"{notebook}:\n{string.Join('\n', problems)}");
    }

    [Fact]
    public void Compile_CellUsingAMissingApi_ReportsTheCellAndTheMember()
    {
        var notebook = NotebookCells.Read(Path.Combine(Root, "notebooks", "evaluation.ipynb"));
        var broken = notebook with { Cells = [.. notebook.Cells, "metrics.Models[0].Metrics.Ranking.GiniOfTheOldDays"] };

        var problems = NotebookCompiler.Problems(broken, PackagesProps);

        string problem = Assert.Single(problems);
        Assert.Contains($"code cell {broken.Cells.Count}", problem);
        Assert.Contains("GiniOfTheOldDays", problem);
    }

    [Fact]
    public void Compile_NugetVersionOtherThanPinned_IsReported()
    {
        var notebook = NotebookCells.Read(Path.Combine(Root, "notebooks", "evaluation.ipynb"));
        var stale = notebook with { Cells = [], References = notebook.References.Select(r => r.Replace("ScottPlot, 5.1.59", "ScottPlot, 5.0.1")).ToArray() };

        var problems = NotebookCompiler.Problems(stale, PackagesProps);

        Assert.Contains(problems, p => p.Contains("version 5.0.1, but Directory.Packages.props pins ScottPlot 5.1.59"));
    }
}
