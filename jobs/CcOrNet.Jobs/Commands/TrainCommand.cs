using System.CommandLine;
using CcOrNet.Jobs.Cli;
using CcOrNet.Pipeline.Training;

namespace CcOrNet.Jobs.Commands;

/// <summary><c>ccornet train</c>: fits CC-OR-Net or a baseline and writes a model bundle.</summary>
internal static class TrainCommand
{
    public static Command Create(JobHost host)
    {
        var defaults = new TrainOptions { FeaturesDirectory = "", ThresholdsFile = "", OutputDirectory = "" };
        var features = CommonOptions.RequiredPath("--features", "Features folder (output of 'ccornet features', with labels).");
        var thresholds = CommonOptions.RequiredPath("--thresholds", "Thresholds JSON (output of 'ccornet thresholds').");
        var model = new Option<string>("--model") { Description = "Model to train.", DefaultValueFactory = _ => defaults.Model }
            .AcceptOnlyFromAmong("ccornet", "ziln", "logmse", "twostage", "ordinal");
        var output = CommonOptions.RequiredPath("--out", "Model bundle folder to create.");
        var epochs = CommonOptions.PositiveInt("--epochs", "Training epochs (early stopping may end sooner).", defaults.Epochs);
        var batchSize = CommonOptions.PositiveInt("--batch-size", "Global batch size.", defaults.BatchSize);
        var seed = new Option<ulong>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => (ulong)defaults.Seed };
        var workers = CommonOptions.PositiveInt("--workers", "Data-parallel workers in this process (each: a model replica, a shard, a slice of every batch).", defaults.Workers);
        var dist = new Option<string>("--dist")
        {
            Description = "Where workers run: inproc (threads of this process) or mpi (one per process: mpirun -np N ccornet train --dist mpi ...).",
            DefaultValueFactory = _ => "inproc",
        }.AcceptOnlyFromAmong("inproc", "mpi");
        var distTimeout = CommonOptions.PositiveInt("--dist-timeout", "Seconds a worker may wait for the others in a collective before the job fails.",
            (int)defaults.CollectiveTimeout.TotalSeconds);
        var threads = new Option<int>("--threads") { Description = "Torch intra-op threads per worker (0 = libtorch default for one worker, else cores / workers on the host).", DefaultValueFactory = _ => defaults.Threads };
        var resume = new Option<bool>("--resume") { Description = "Continue from the last checkpoint (OUT.checkpoint next to --out)." };
        var validation = CommonOptions.PositiveInt("--validation-percent", "Users held out (by hash of user_id) for early stopping and metrics.", defaults.ValidationPercent);
        var learningRate = CommonOptions.LearningRate(defaults.LearningRate);
        var decay = CommonOptions.LearningRateDecay(defaults.Decay);
        var patience = CommonOptions.PositiveInt("--patience", "Stop after this many epochs without a lower validation loss.", defaults.Patience);
        var decodeCache = CommonOptions.DecodeCache("OUT.checkpoint/decoded, kept for --resume");

        var command = new Command("train", "Train CC-OR-Net or a baseline on a features table; writes a model bundle.")
        {
            features, thresholds, model, output, epochs, batchSize, seed, workers, dist, distTimeout, threads, resume, validation, patience, learningRate, decay,
            decodeCache,
        };
        command.SetAction((parse, cancellationToken) => host.RunAsync("train", parse, async job =>
        {
            var (cacheDecoded, cacheFolder) = CommonOptions.DecodeCacheChoice(parse.GetValue(decodeCache));
            var options = defaults with
            {
                FeaturesDirectory = parse.GetValue(features)!,
                ThresholdsFile = parse.GetValue(thresholds)!,
                Model = parse.GetValue(model)!,
                OutputDirectory = parse.GetValue(output)!,
                Epochs = parse.GetValue(epochs),
                BatchSize = parse.GetValue(batchSize),
                Seed = unchecked((long)parse.GetValue(seed)),
                Workers = parse.GetValue(workers),
                Distribution = parse.GetValue(dist) == "mpi" ? TrainDistribution.Mpi : TrainDistribution.InProcess,
                CollectiveTimeout = TimeSpan.FromSeconds(parse.GetValue(distTimeout)),
                Threads = parse.GetValue(threads),
                Resume = parse.GetValue(resume),
                ValidationPercent = parse.GetValue(validation),
                Patience = parse.GetValue(patience),
                LearningRate = parse.GetValue(learningRate),
                Decay = parse.GetValue(decay),
                DecodeCache = cacheDecoded,
                DecodeCacheDirectory = cacheFolder,
            };
            TrainResult result = await TrainJob.RunAsync(options, job.Progress, job.Logger("train"), job.CancellationToken);
            // Under mpirun every rank gets here; one summary is enough.
            if (result.Rank == 0) Summaries.Write(job.Summary, result);
        }, cancellationToken));
        return command;
    }
}
