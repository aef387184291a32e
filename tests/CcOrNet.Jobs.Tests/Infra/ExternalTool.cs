using System.Diagnostics;

namespace CcOrNet.Jobs.Tests.Infra;

/// <summary>Runs a program of the machine (python3, bash) and finds files of the repository.</summary>
internal static class ExternalTool
{
    public static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }

    public static string RepositoryFile(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CcOrNet.Spark.sln"))) return Path.Combine([dir.FullName, .. parts]);
        throw new DirectoryNotFoundException($"No CcOrNet.Spark.sln above {AppContext.BaseDirectory}");
    }
}

/// <summary>A fact that needs <c>python3</c>; reported as skipped, with the reason, where it is missing.</summary>
public sealed class PythonFactAttribute : FactAttribute
{
    public PythonFactAttribute()
    {
        if (ExternalTool.Find("python3") is null) Skip = "python3 is not installed: the Airflow DAG is not checked";
    }
}
