using System.Diagnostics;
using CcOrNet.Jobs.Tests.Cli;
using CcOrNet.Model.Bundles;
using CcOrNet.Model.Training;
using TorchSharp;

namespace CcOrNet.Jobs.Tests.Mpi;

/// <summary><c>mpirun -np 2 ccornet train --dist mpi</c> on this machine: same model as in-process workers; a killed rank fails the job.</summary>
[Collection("Mpi")]
public sealed class MpiTrainTests(MpiLake lake)
{
    private static BundleManifest Manifest(string bundle) =>
        BundleManifest.Parse(File.ReadAllText(Path.Combine(bundle, BundleManifest.FileName)));

    [MpiFact]
    public async Task Train_TwoMpiProcesses_SameModelAsTwoInProcessWorkers()
    {
        torch.set_num_threads(1);
        using var mpi = MpiRun.Start(2, lake.Train("mpi", epochs: 2, "--dist", "mpi"));
        Assert.True(await mpi.WaitAsync(TimeSpan.FromMinutes(4)) == 0, mpi.Output);

        CliRun inProcess = await CliRun.ExecuteAsync(lake.Train("inproc", epochs: 2, "--workers", "2"));
        Assert.True(inProcess.ExitCode == 0, inProcess.Error);

        var viaMpi = Manifest(lake.Bundle("mpi"));
        var viaThreads = Manifest(lake.Bundle("inproc"));
        Assert.Equal(2, viaMpi.EpochsRun);
        Assert.Equal(viaThreads.TrainLosses, viaMpi.TrainLosses, (a, b) => Math.Abs(a - b) <= 1e-6 * Math.Abs(a));
        Assert.Equal(viaThreads.ValidationLosses, viaMpi.ValidationLosses, (a, b) => Math.Abs(a - b) <= 1e-6 * Math.Abs(a));
        // Same parameters to fp32 tolerance. Usually bit-identical (two ranks: every all-reduced value is a + b either way),
        // but not always: about one run in four differs in the last bits, so the weights' hash is not compared.
        using (var mpiBundle = ModelBundle.Load(lake.Bundle("mpi")))
        using (var threadsBundle = ModelBundle.Load(lake.Bundle("inproc")))
        {
            var expected = threadsBundle.Model.Parameters().Select(p => p.data<float>().ToArray()).ToList();
            var actual = mpiBundle.Model.Parameters().Select(p => p.data<float>().ToArray()).ToList();
            Assert.Equal(expected.Count, actual.Count);
            for (int i = 0; i < expected.Count; i++)
                Assert.Equal(expected[i], actual[i], (a, b) => Math.Abs(a - b) <= 1e-5f + 1e-4f * Math.Abs(a));
        }
        Assert.Equal(1, mpi.Output.Split("Model bundle").Length - 1); // only rank 0 wrote (and logged) the bundle
        // Both ranks used one decode cache folder (each its own row groups); rank 0 deleted it with the bundle published.
        Assert.Contains("decoded from Parquet (this rank's passes); deleted", mpi.Output);
        Assert.False(Directory.Exists(Path.Combine(lake.Bundle("mpi") + ".checkpoint", "decoded")));
    }

    [MpiFact]
    public async Task Train_RankKilledMidTraining_JobFailsWithin60SecondsAndResumeCompletes()
    {
        string checkpointState = Path.Combine(lake.Bundle("killed") + ".checkpoint", "last", "trainer_state.json");
        // A constant rate, so that the resumed run may stop sooner than the planned epochs (a cosine plan may not change).
        // An epoch of this lake takes tens of milliseconds: plan far more than can run before the kill, and never stop early.
        using (var mpi = MpiRun.Start(2, lake.Train("killed", epochs: 2000, patience: 2000, "--dist", "mpi", "--lr-decay", "none")))
        {
            var wait = Stopwatch.StartNew();
            while (!File.Exists(checkpointState) && wait.Elapsed < TimeSpan.FromMinutes(3)) await Task.Delay(200);
            Assert.True(File.Exists(checkpointState), "no checkpoint after 3 minutes:\n" + mpi.Output);

            var ranks = mpi.Ranks();
            Assert.Equal(2, ranks.Count);
            Process.GetProcessById(ranks[^1]).Kill();
            var killed = Stopwatch.StartNew();
            int? exit = await mpi.WaitAsync(TimeSpan.FromSeconds(60));

            Assert.True(exit is not null, $"mpirun still running 60 s after a rank was killed:\n{mpi.Output}");
            Assert.NotEqual(0, exit);
            Assert.True(killed.Elapsed < TimeSpan.FromSeconds(60));
            Assert.False(File.Exists(Path.Combine(lake.Bundle("killed"), BundleManifest.FileName)));
        }

        int epochsDone = new TrainingCheckpoint(lake.Bundle("killed") + ".checkpoint").ReadState()!.EpochsDone;
        using var resume = MpiRun.Start(2, lake.Train("killed", epochs: epochsDone + 1, patience: 2000, "--dist", "mpi", "--lr-decay", "none", "--resume"));
        Assert.True(await resume.WaitAsync(TimeSpan.FromMinutes(4)) == 0, resume.Output);
        Assert.Contains($"Resuming after epoch {epochsDone}", resume.Output);
        // Every row group was decoded by one rank or the other before the checkpoint: the resumed run reads them all.
        Assert.Contains(", 0 decoded from Parquet (this rank's passes)", resume.Output);
        var manifest = Manifest(lake.Bundle("killed"));
        Assert.Equal(epochsDone + 1, manifest.EpochsRun);
        Assert.Equal(epochsDone + 1, manifest.TrainLosses.Count);
    }
}
