namespace CcOrNet.Model.Options;

/// <summary>Everything that shapes a model besides its data layout and buckets; defaults in one place.</summary>
/// <param name="Encoder">Shared encoder sizes (all models).</param>
/// <param name="CcOrNet">CC-OR-Net components and loss weights (ignored by the other baselines).</param>
/// <param name="HeadHidden">Hidden width of the baselines' output heads.</param>
public sealed record ModelOptions(EncoderOptions? Encoder = null, CcOrNetOptions? CcOrNet = null, int HeadHidden = 64)
{
    public EncoderOptions EncoderOrDefault => Encoder ?? new EncoderOptions();
    public CcOrNetOptions CcOrNetOrDefault => CcOrNet ?? new CcOrNetOptions();

    /// <summary>Throws one <see cref="ArgumentException"/> listing every broken rule.</summary>
    public ModelOptions Validate()
    {
        var errors = EncoderOrDefault.Errors().Concat(CcOrNetOrDefault.Errors()).ToList();
        if (HeadHidden < 1) errors.Add($"HeadHidden must be >= 1 (got {HeadHidden})");
        if (errors.Count > 0) throw new ArgumentException("Invalid model options: " + string.Join("; ", errors));
        return this;
    }
}
