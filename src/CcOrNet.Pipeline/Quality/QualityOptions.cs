using CcOrNet.Model.Training;
using CcOrNet.Engines;

namespace CcOrNet.Pipeline.Quality;

/// <summary>Options of <see cref="QualityBench"/> (<c>ccornet bench quality</c>); defaults live here.</summary>
public sealed record QualityOptions
{
    public required QualityTask Task { get; init; }

    /// <summary>Where the report (quality.md, quality.json) and the snapshots (features, thresholds) go.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Rows of the report, by <see cref="ModelVariant"/> name (the heuristic <c>past-spend</c> included).</summary>
    public IReadOnlyList<string> Models { get; init; } = ModelVariant.AllNames;

    /// <summary>Training seeds; every metric is reported as mean and spread over them.</summary>
    public IReadOnlyList<long> Seeds { get; init; } = [1, 2, 3];

    public int Epochs { get; init; } = 6;

    public int BatchSize { get; init; } = 2048;

    public double LearningRate { get; init; } = 2e-3;

    /// <summary>How the learning rate falls over the <see cref="Epochs"/>.</summary>
    public LearningRateDecay Decay { get; init; } = LearningRateDecay.Cosine;

    /// <summary>Torch intra-op threads (1 is fastest on this shared 2-core machine; see docs/model.md).</summary>
    public int TorchThreads { get; init; } = 1;

    /// <summary>The numeric feature whose raw value is the heuristic's prediction (spend in the observation window).</summary>
    public string PastSpendColumn { get; init; } = "monetary";

    /// <summary>Reuse snapshots already in the output folder (same task) instead of recomputing them.</summary>
    public bool ReuseSnapshots { get; init; } = true;

    /// <summary>Reuse finished runs stored in the output folder's runs/ (same model, seed, options, data and code version).</summary>
    public bool ReuseRuns { get; init; } = true;

    /// <summary>Row groups mixed together by the training stream's shuffle (memory bound; see BatchStreamOptions).</summary>
    public int ShuffleRowGroups { get; init; } = 4;

    public EngineSettings Engine { get; init; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> listing every broken rule.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(OutputDirectory)) problems.Add("output directory is required");
        if (Models.Count == 0) problems.Add("at least one model is required");
        var unknown = Models.Where(m => !ModelVariant.AllNames.Contains(m)).ToList();
        if (unknown.Count > 0) problems.Add($"unknown model(s) {string.Join(", ", unknown)}; expected some of {string.Join(", ", ModelVariant.AllNames)}");
        if (Seeds.Count == 0) problems.Add("at least one seed is required");
        if (Seeds.Distinct().Count() != Seeds.Count) problems.Add($"seeds must differ, got [{string.Join(", ", Seeds)}]");
        if (Epochs < 1) problems.Add($"epochs must be at least 1, got {Epochs}");
        if (BatchSize < 1) problems.Add($"batch size must be at least 1, got {BatchSize}");
        if (!(LearningRate > 0)) problems.Add($"learning rate must be > 0, got {LearningRate}");
        if (ShuffleRowGroups < 1) problems.Add($"shuffle row groups must be at least 1, got {ShuffleRowGroups}");
        if (TorchThreads < 1) problems.Add($"torch threads must be at least 1, got {TorchThreads}");
        if (Task.TestAsOf <= Task.TrainAsOf) problems.Add($"test as-of {Task.TestAsOf:yyyy-MM-dd} must be after train as-of {Task.TrainAsOf:yyyy-MM-dd}");
        if (Task.ObservationDays < 1 || Task.HorizonDays < 1) problems.Add($"observation and horizon days must be >= 1, got {Task.ObservationDays} and {Task.HorizonDays}");
        problems.AddRange(Engine.Problems());
        if (problems.Count > 0) throw new ArgumentException("Quality bench options are not valid: " + string.Join("; ", problems));
    }
}
