using CcOrNet.Model.Options;

namespace CcOrNet.Pipeline.Quality;

/// <summary>
/// One row of the quality table: a factory model with options, or the past-spend heuristic (no model).
/// <c>ccornet</c> and <c>ccornet-no-augmentation</c> are reported twice from the same weights: calibrated (the model as
/// shipped) and <c>NAME-uncalibrated</c> (before <c>CalibrateValues</c>), so the calibration's effect is measured exactly
/// and the augmentation's ablation can be read with and without it (the paper has no value calibration).
/// </summary>
/// <param name="Name">Row name.</param>
/// <param name="FactoryName">LtvModelFactory name; null for the heuristic.</param>
/// <param name="Options">Model options (ablation switches).</param>
/// <param name="ReportUncalibrated">Also report the weights before calibration, as row <see cref="UncalibratedName"/>.</param>
internal sealed record ModelVariant(string Name, string? FactoryName, ModelOptions Options, bool ReportUncalibrated = false)
{
    public const string PastSpend = "past-spend";

    /// <summary>Row name of this variant's weights before calibration.</summary>
    public string UncalibratedName => Name + "-uncalibrated";

    public static IReadOnlyList<ModelVariant> All { get; } =
    [
        new("ccornet", "ccornet", new ModelOptions(), ReportUncalibrated: true),
        new("ziln", "ziln", new ModelOptions()),
        new("logmse", "logmse", new ModelOptions()),
        new("twostage", "twostage", new ModelOptions()),
        new("ordinal", "ordinal", new ModelOptions()),
        new("ccornet-no-residual", "ccornet", new ModelOptions(CcOrNet: new CcOrNetOptions(UseResidual: false))),
        new("ccornet-no-augmentation", "ccornet", new ModelOptions(CcOrNet: new CcOrNetOptions(UseAugmentation: false)), ReportUncalibrated: true),
        // The paper's whale value loss (relative error) instead of the default relative squared error.
        new("ccornet-whale-relative-error", "ccornet", new ModelOptions(CcOrNet: new CcOrNetOptions(WhaleLoss: WhaleValueLoss.RelativeError)), ReportUncalibrated: true),
        new("ccornet-no-distillation", "ccornet", new ModelOptions(CcOrNet: new CcOrNetOptions(UseDistillation: false))),
        // The decision rule only: same training (same seed, same weights), the bucket with the highest probability.
        new("ccornet-argmax", "ccornet", new ModelOptions(CcOrNet: new CcOrNetOptions(Rule: BucketRule.Argmax))),
        // Buckets routed by ltv_expected against F1-fitted thresholds instead of by E_k, for CC-OR-Net and for the ordinal baseline.
        new("ccornet-expected-rule", "ccornet", new ModelOptions(CcOrNet: new CcOrNetOptions(Rule: BucketRule.ExpectedValue))),
        new("ordinal-expected-rule", "ccornet", new ModelOptions(CcOrNet: CcOrNetOptions.OrdinalOnly with { Rule = BucketRule.ExpectedValue })),
        new(PastSpend, null, new ModelOptions()),
    ];

    public static IReadOnlyList<string> AllNames { get; } = All.Select(v => v.Name).ToArray();

    public static ModelVariant Named(string name) => All.Single(v => v.Name == name);
}
