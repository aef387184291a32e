using System.Text.Json;
using System.Text.Json.Serialization;
using CcOrNet.Core.Features;
using CcOrNet.Core.Thresholds;
using CcOrNet.Model.Buckets;
using CcOrNet.Model.Data;
using CcOrNet.Model.Options;
using CcOrNet.Model.Training;

namespace CcOrNet.Model.Bundles;

/// <summary>
/// <c>manifest.json</c> of a model bundle: everything needed to rebuild the model and feed it (architecture, feature
/// schema and the full thresholds: normalisation and vocabularies), plus where it came from and how well it did.
/// </summary>
public sealed record BundleManifest
{
    public const string FileName = "manifest.json";
    public const string WeightsFileName = "model.weights";
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;

    /// <summary>Factory name: ccornet, ordinal, ziln, logmse or twostage.</summary>
    public required string ModelName { get; init; }

    public required ModelOptions ModelOptions { get; init; }

    public required FeatureLayout Layout { get; init; }

    public required BucketEdges Buckets { get; init; }

    public required FeatureSchema Schema { get; init; }

    /// <summary>The thresholds used in training (normalisation, vocabularies, edges): scoring needs only the bundle.</summary>
    public required BucketThresholds Thresholds { get; init; }

    public required TrainingData TrainingData { get; init; }

    /// <summary>Key scalars of <c>CcOrNet.Core.Metrics.MetricsReport</c> on the validation split (snake_case paths).</summary>
    public required IReadOnlyDictionary<string, double> ValidationMetrics { get; init; }

    public required double ValidationLoss { get; init; }

    /// <summary>
    /// Share of the validation users in each predicted bucket (K entries): the reference the score job compares every
    /// scored snapshot with (population stability). Null in bundles written before the check existed.
    /// </summary>
    public IReadOnlyList<double>? ReferenceBucketShares { get; init; }

    /// <summary>
    /// Per categorical feature, the share of validation users whose value is out of the vocabulary (a value too rare
    /// in training, or unseen): the score job warns when a snapshot has many more. Null in older bundles.
    /// </summary>
    public IReadOnlyDictionary<string, double>? ReferenceOutOfVocabularyShares { get; init; }

    /// <summary>Epochs trained (early stopping may end before the requested number).</summary>
    public required int EpochsRun { get; init; }

    /// <summary>1-based epoch whose weights the bundle holds (lowest validation loss).</summary>
    public required int BestEpoch { get; init; }

    public required IReadOnlyList<double> TrainLosses { get; init; }

    public required IReadOnlyList<double> ValidationLosses { get; init; }

    public required long Seed { get; init; }

    public required int BatchSize { get; init; }

    public required double LearningRate { get; init; }

    /// <summary>The schedule the rate followed over the planned epochs (bundles from before it existed read as none).</summary>
    public LearningRateDecay LearningRateDecay { get; init; }

    /// <summary>Informational version of the code that trained the model.</summary>
    public required string CodeVersion { get; init; }

    /// <summary>Label used in the score output's model_version: model name, code version and a hash of the weights.</summary>
    public required string ModelVersion { get; init; }

    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static BundleManifest Parse(string json) =>
        JsonSerializer.Deserialize<BundleManifest>(json, Json) ?? throw new JsonException("the bundle manifest is 'null'");
}
