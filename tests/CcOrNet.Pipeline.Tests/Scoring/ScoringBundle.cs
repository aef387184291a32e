using CcOrNet.Pipeline.Tests.Training;
using CcOrNet.Pipeline.Training;
using Microsoft.Extensions.Logging.Abstractions;

namespace CcOrNet.Pipeline.Tests.Scoring;

/// <summary>One tiny CC-OR-Net bundle (1 epoch, seed 5) trained on the shared training lake, once for all scoring tests.</summary>
internal static class ScoringBundle
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _directory;

    public static async Task<string> GetAsync(TrainingLake lake)
    {
        await Gate.WaitAsync();
        try
        {
            if (_directory is null || !Directory.Exists(_directory))
            {
                var result = await TrainJob.RunAsync(new TrainOptions
                {
                    FeaturesDirectory = lake.FeaturesDirectory,
                    ThresholdsFile = lake.ThresholdsFile,
                    Model = "ccornet",
                    OutputDirectory = lake.Scratch("scoring-bundle"),
                    Epochs = 1,
                    BatchSize = 512,
                    Seed = 5,
                }, null, NullLogger.Instance, CancellationToken.None);
                _directory = result.OutputDirectory;
            }
            return _directory;
        }
        finally
        {
            Gate.Release();
        }
    }
}
