using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using CcOrNet.Lake.Commit;
using CcOrNet.Model.Models;

namespace CcOrNet.Model.Bundles;

/// <summary>A trained model with its manifest; written atomically as a folder (weights + <c>manifest.json</c>).</summary>
public sealed class ModelBundle : IDisposable
{
    private ModelBundle(BundleManifest manifest, ILtvModel model)
    {
        Manifest = manifest;
        Model = model;
    }

    public BundleManifest Manifest { get; }
    public ILtvModel Model { get; }

    /// <summary>Loads the bundle in <paramref name="directory"/>: rebuilds the architecture from the manifest and reads the weights (strict).</summary>
    public static ModelBundle Load(string directory)
    {
        string manifestPath = Path.Combine(directory, BundleManifest.FileName);
        string weightsPath = Path.Combine(directory, BundleManifest.WeightsFileName);
        if (!File.Exists(manifestPath)) throw new FileNotFoundException($"'{directory}' is not a model bundle: {BundleManifest.FileName} is missing", manifestPath);
        if (!File.Exists(weightsPath)) throw new FileNotFoundException($"Model bundle '{directory}' has no weights file {BundleManifest.WeightsFileName}", weightsPath);
        BundleManifest manifest;
        try
        {
            manifest = BundleManifest.Parse(File.ReadAllText(manifestPath));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Model bundle manifest '{manifestPath}' is not valid: {e.Message}", e);
        }
        if (manifest.Version != BundleManifest.CurrentVersion)
            throw new InvalidDataException($"Model bundle '{directory}' has manifest version {manifest.Version}, expected {BundleManifest.CurrentVersion}");
        var model = LtvModelFactory.Create(manifest.ModelName, manifest.Layout, manifest.Buckets, manifest.ModelOptions, manifest.Seed);
        try
        {
            model.Load(weightsPath);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            model.Dispose();
            throw new InvalidDataException($"Model bundle '{directory}': weights do not fit the manifest's {manifest.ModelName} architecture: {e.Message}", e);
        }
        model.SetTraining(false);
        return new ModelBundle(manifest, model);
    }

    /// <summary>
    /// Writes <paramref name="weightsFile"/> and <paramref name="manifest"/> to <paramref name="directory"/> atomically
    /// (staged next to it, published by rename; a reader sees the old bundle or the whole new one).
    /// </summary>
    public static void Write(string directory, BundleManifest manifest, string weightsFile)
    {
        using var staged = StagedDirectory.Create(directory);
        File.Copy(weightsFile, Path.Combine(staged.StagingPath, BundleManifest.WeightsFileName));
        File.WriteAllText(Path.Combine(staged.StagingPath, BundleManifest.FileName), manifest.ToJson());
        staged.Commit();
    }

    /// <summary>The assembly's informational version (e.g. <c>1.0.0+commit</c>).</summary>
    public static string CodeVersion =>
        typeof(ModelBundle).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary><c>{model}-{first 12 hex digits of the weights' SHA-256}</c>: identifies the exact weights in outputs.</summary>
    public static string VersionOf(string modelName, string weightsFile)
    {
        using var stream = File.OpenRead(weightsFile);
        return $"{modelName}-{Convert.ToHexStringLower(SHA256.HashData(stream))[..12]}";
    }

    public void Dispose() => Model.Dispose();
}
