using CcOrNet.Engines.DuckDb;
using CcOrNet.Engines.Spark;
using Microsoft.Extensions.Logging;

namespace CcOrNet.Engines;

/// <summary>Opens the engine <see cref="EngineSettings.Kind"/> names.</summary>
public static class EngineFactory
{
    public static async Task<IEngine> OpenAsync(EngineSettings settings, ILogger? logger = null, CancellationToken ct = default) =>
        settings.Kind switch
        {
            EngineKind.Spark => await SparkEngine.OpenAsync(settings, logger, ct),
            _ => await DuckDbEngine.OpenAsync(settings, ct),
        };
}
