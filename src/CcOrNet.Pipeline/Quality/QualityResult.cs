namespace CcOrNet.Pipeline.Quality;

/// <summary>What <see cref="QualityBench"/> measured and wrote.</summary>
/// <param name="Task">The evaluation task.</param>
/// <param name="TrainUsers">Users in the training snapshot.</param>
/// <param name="TestUsers">Users in the test snapshot.</param>
/// <param name="Seeds">Training seeds.</param>
/// <param name="Epochs">Training epochs per run.</param>
/// <param name="Rows">One row per model, in the order asked.</param>
/// <param name="MarkdownFile">quality.md: the table for docs/results.md.</param>
/// <param name="JsonFile">quality.json: every number.</param>
/// <param name="Elapsed">Wall time of the whole bench.</param>
public sealed record QualityResult(
    QualityTask Task,
    int TrainUsers,
    int TestUsers,
    IReadOnlyList<long> Seeds,
    int Epochs,
    IReadOnlyList<QualityRow> Rows,
    string MarkdownFile,
    string JsonFile,
    TimeSpan Elapsed);
