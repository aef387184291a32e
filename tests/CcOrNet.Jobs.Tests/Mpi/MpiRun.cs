using System.Diagnostics;

namespace CcOrNet.Jobs.Tests.Mpi;

/// <summary>A running <c>mpirun -np N ccornet ...</c> (the built CLI next to the tests), with its output captured.</summary>
internal sealed class MpiRun : IDisposable
{
    private readonly Process process;
    private readonly System.Text.StringBuilder output = new();

    private MpiRun(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Output
    {
        get { lock (output) return output.ToString(); }
    }

    public int ProcessId => process.Id;

    public static string? FindMpirun() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(directory => Path.Combine(directory, "mpirun")).FirstOrDefault(File.Exists);

    public static MpiRun Start(int processes, params string[] ccornetArguments)
    {
        string ccornet = Path.Combine(AppContext.BaseDirectory, "ccornet");
        if (!File.Exists(ccornet)) throw new FileNotFoundException($"The ccornet executable is not next to the tests ('{ccornet}')", ccornet);
        var start = new ProcessStartInfo(FindMpirun() ?? throw new InvalidOperationException("mpirun is not on PATH"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // --oversubscribe: more ranks than cores is fine for tests; --allow-run-as-root: CI containers run as root.
        foreach (string argument in (string[])["--allow-run-as-root", "--oversubscribe", "-np", processes.ToString(), ccornet, .. ccornetArguments])
            start.ArgumentList.Add(argument);
        return new MpiRun(Process.Start(start) ?? throw new InvalidOperationException("mpirun did not start"));
    }

    /// <summary>The ccornet processes mpirun started (its direct children).</summary>
    public IReadOnlyList<int> Ranks() =>
        Directory.GetDirectories($"/proc/{process.Id}/task")
            .SelectMany(task => File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(int.Parse).Order().ToList();

    /// <summary>The exit code, or null when mpirun is still running after <paramref name="timeout"/>.</summary>
    public async Task<int?> WaitAsync(TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
            return process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (output) output.AppendLine(line);
    }

    public void Dispose()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.Dispose();
    }
}
