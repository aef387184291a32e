namespace CcOrNet.Pipeline.Runs;

/// <summary>The pipeline's jobs in the order they run; <see cref="PipelineOptions.StopAfter"/> ends a run early.</summary>
public enum PipelineStage
{
    /// <summary>Features of the training snapshot (cutoff T - H, labelled).</summary>
    Features,
    Thresholds,
    Train,
    /// <summary>Features of the scoring snapshot (cutoff T) and the model's predictions for it.</summary>
    Score,
    /// <summary>Predictions against the scoring snapshot's labels, when its horizon is in the data.</summary>
    Evaluate,
}
