using CcOrNet.Pipeline.Features;
using CcOrNet.Pipeline.Thresholds;
using CcOrNet.Synthetic;

namespace CcOrNet.Pipeline.Runs;

/// <summary>What one pipeline run produced, step by step.</summary>
/// <param name="Lake">The generated lake, or null when the run took an existing events table.</param>
/// <param name="LabelShape">Shape of the label on the generated lake's default task, or null.</param>
public sealed record PipelineResult(
    string OutputDirectory,
    GeneratedLake? Lake,
    LabelShapeReport? LabelShape,
    FeaturesResult Features,
    ThresholdsResult Thresholds,
    IReadOnlyList<PipelineStep> Steps);

