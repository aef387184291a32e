using System.Diagnostics;
using CcOrNet.Lake.Commit;
using CcOrNet.Lake.Tests.Faults;

namespace CcOrNet.Lake.Tests.Commit;

/// <summary>Hidden folders a killed job left behind: deleted when their writer has ended, named in a warning otherwise.</summary>
public sealed class StagedDirectoryTests : IDisposable
{
    private readonly TempLake _lake = new();
    private readonly ListLogger _logger = new();
    private string Target => Path.Combine(_lake.Root, "out");

    public void Dispose() => _lake.Dispose();

    /// <summary>The id of a process that has just ended.</summary>
    private static int EndedProcessId()
    {
        using var process = Process.Start("true")!;
        process.WaitForExit();
        return process.Id;
    }

    /// <summary>A hidden folder with one file, as a writer named <paramref name="writer"/> would leave it.</summary>
    private string Leftover(string role, string writer, string target = "out")
    {
        string folder = Path.Combine(_lake.Root, $".{target}.{role}-{writer}{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "part-00000.parquet"), "half written");
        return folder;
    }

    private string[] Hidden() => Directory.GetDirectories(_lake.Root).Select(Path.GetFileName).Where(n => n!.StartsWith('.')).Select(n => n!).Order().ToArray();

    [Fact]
    public void Create_StagingOfAnEndedProcessOfThisHost_Deleted()
    {
        string abandoned = Leftover("staging", $"{EndedProcessId()}@{Environment.MachineName}-");

        using (var staged = StagedDirectory.Create(Target, _logger))
        {
            Assert.False(Directory.Exists(abandoned));
            Assert.Equal([Path.GetFileName(staged.StagingPath)], Hidden());
        }

        Assert.Empty(Hidden());
        Assert.Contains(_logger.Lines, l => l.Message.Contains(abandoned) && l.Message.Contains("ended before it finished writing"));
        Assert.Empty(_logger.Warnings);
    }

    [Fact]
    public void Create_StagingOfALiveProcessAnotherHostOrUnknownWriter_KeptAndNamedInAWarning()
    {
        string[] kept =
        [
            Leftover("staging", $"1@{Environment.MachineName}-"),       // process 1 is always running
            Leftover("staging", $"{EndedProcessId()}@elsewhere-"),     // another host: its processes are not ours to judge
            Leftover("staging", ""),                                    // a name without a writer
        ];

        using (StagedDirectory.Create(Target, _logger)) { }

        Assert.All(kept, folder => Assert.True(Directory.Exists(folder)));
        Assert.Equal(3, _logger.Warnings.Count());
        Assert.All(kept, folder => Assert.Contains(_logger.Warnings, w => w.Contains(folder) && w.Contains("delete it by hand")));
        Assert.Contains(_logger.Warnings, w => w.Contains("process 1 on " + Environment.MachineName));
        Assert.Contains(_logger.Warnings, w => w.Contains("on elsewhere"));
        Assert.Contains(_logger.Warnings, w => w.Contains("an unknown process"));
    }

    [Fact]
    public void Create_RetiredFolderOfAnEndedProcess_DeletedOnlyWhileTheTargetExists()
    {
        string writer = $"{EndedProcessId()}@{Environment.MachineName}-";
        string withoutTarget = Leftover("retired", writer);

        using (StagedDirectory.Create(Target, _logger)) { }

        Assert.True(Directory.Exists(withoutTarget), "killed between the renames: the retired folder is the previous version");
        Assert.Contains(_logger.Warnings, w => w.Contains(withoutTarget));

        Directory.Delete(withoutTarget, recursive: true);
        Directory.CreateDirectory(Target);
        string withTarget = Leftover("retired", writer);
        using (StagedDirectory.Create(Target, _logger)) { }

        Assert.False(Directory.Exists(withTarget));
    }

    [Fact]
    public void Create_AnotherTargetsLeftovers_Untouched()
    {
        string writer = $"{EndedProcessId()}@{Environment.MachineName}-";
        string other = Leftover("staging", writer, target: "out2");

        using (StagedDirectory.Create(Target, _logger)) { }

        Assert.True(Directory.Exists(other));
        Assert.Empty(_logger.Lines);
    }

    [Fact]
    public void Create_StagingNameCarriesThisProcess()
    {
        using var staged = StagedDirectory.Create(Target, _logger);

        Assert.StartsWith($".out.staging-{Environment.ProcessId}@{Environment.MachineName}-", Path.GetFileName(staged.StagingPath));
    }
}
