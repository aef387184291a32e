using CcOrNet.Jobs.Cli;

namespace CcOrNet.Jobs.Tests.Cli;

/// <summary>Runs <c>ccornet</c> in-process with captured stdout/stderr.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static async Task<CliRun> ExecuteAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exitCode = await CcOrNetCli.RunAsync(args, output, error);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }
}
