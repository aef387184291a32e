using CcOrNet.Pipeline.Evaluation;
using CcOrNet.Pipeline.Features;
using CcOrNet.Pipeline.Scoring;
using CcOrNet.Pipeline.Thresholds;
using CcOrNet.Pipeline.Training;
using CcOrNet.Synthetic;

namespace CcOrNet.Pipeline.Runs;

/// <summary>What one pipeline run produced, step by step; later steps are null when the run stopped before them.</summary>
/// <param name="Lake">The generated lake, or null when the run took an existing events table.</param>
/// <param name="LabelShape">Shape of the label on the generated lake's default task, or null.</param>
/// <param name="Features">The labelled training snapshot (cutoff T - H).</param>
/// <param name="ScoringFeatures">The scoring snapshot (cutoff T).</param>
/// <param name="Predictions">The committed predictions partition of T.</param>
/// <param name="Evaluation">Predictions against T's labels; null when T's horizon is not in the data.</param>
public sealed record PipelineResult(
    string OutputDirectory,
    GeneratedLake? Lake,
    LabelShapeReport? LabelShape,
    FeaturesResult Features,
    ThresholdsResult? Thresholds,
    TrainResult? Model,
    FeaturesResult? ScoringFeatures,
    ScoreResult? Predictions,
    EvaluateResult? Evaluation,
    IReadOnlyList<PipelineStep> Steps);
