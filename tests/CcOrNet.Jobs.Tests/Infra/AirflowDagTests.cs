using System.Text.Json;
using CcOrNet.Jobs.Cli;

namespace CcOrNet.Jobs.Tests.Infra;

/// <summary>
/// infra/airflow: the DAG compiles, and every ccornet command line it runs parses with the real CLI (Airflow itself is
/// not installed here; the command lines come from ccornet_commands.py, which the DAG uses for every job).
/// </summary>
public sealed class AirflowDagTests
{
    private static readonly string Folder = ExternalTool.RepositoryFile("infra", "airflow");

    [PythonFact]
    public async Task PyCompile_DagAndCommands_Compile()
    {
        string cache = Directory.CreateTempSubdirectory("ccornet-pyc-").FullName;
        try
        {
            foreach (string file in Directory.GetFiles(Folder, "*.py"))
            {
                // cfile outside the repository: no __pycache__ left behind.
                var (exitCode, _, error) = await ExternalTool.RunAsync("python3", "-c",
                    "import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True)", file, Path.Combine(cache, "out.pyc"));
                Assert.True(exitCode == 0, $"{file}: {error}");
            }
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }
    }

    [PythonFact]
    public async Task Commands_EveryTask_ParsesWithTheRealCli()
    {
        var (exitCode, output, error) = await ExternalTool.RunAsync("python3", Path.Combine(Folder, "ccornet_commands.py"), "2026-01-05", "2025-12-06");
        Assert.True(exitCode == 0, error);
        var commands = JsonSerializer.Deserialize<Dictionary<string, string[]>>(output)!;

        Assert.Equal(["evaluate", "features", "features_labelled", "score", "thresholds", "train"], commands.Keys.Order());
        foreach (var (task, argv) in commands)
        {
            Assert.Equal("ccornet", argv[0]);
            var parse = CcOrNetCli.Build(TextWriter.Null, TextWriter.Null).Parse(argv[1..]);
            Assert.True(parse.Errors.Count == 0, $"{task}: {string.Join(' ', argv)}: {string.Join("; ", parse.Errors.Select(e => e.Message))}");
            Assert.Equal(argv[1], parse.CommandResult.Command.Name);
        }
    }

    [Fact]
    public void Dag_CommandLines_ComeOnlyFromTheCommandsModule()
    {
        string dag = File.ReadAllText(Path.Combine(Folder, "ccornet_ltv_dag.py"));

        // An option spelled in the DAG itself would escape the CLI check above.
        Assert.DoesNotContain("\"--", dag);
        Assert.DoesNotContain("'--", dag);
        Assert.Contains("import ccornet_commands as commands", dag);
    }
}
