using CcOrNet.Model.Data;
using CcOrNet.Model.Options;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace CcOrNet.Model.Modules;

/// <summary>h = Enc(x) [B, H]: categorical embeddings, a numeric MLP and a sequence encoder, concatenated and fused by an MLP.</summary>
internal sealed class SharedEncoder : nn.Module<FeatureBatch, Tensor>
{
    private readonly TorchSharp.Modules.ModuleList<TorchSharp.Modules.Embedding> embeddings;
    private readonly TorchSharp.Modules.Linear numeric_fc1;
    private readonly TorchSharp.Modules.Linear numeric_fc2;
    private readonly nn.Module<Tensor, Tensor>? sequence;
    private readonly TorchSharp.Modules.Linear fuse_fc1;
    private readonly TorchSharp.Modules.Linear fuse_fc2;

    public SharedEncoder(FeatureLayout layout, EncoderOptions options) : base(nameof(SharedEncoder))
    {
        embeddings = nn.ModuleList(layout.CategoricalCardinalities
            .Select(cardinality => nn.Embedding(cardinality, EmbeddingSize(cardinality, options.EmbeddingCap)))
            .ToArray());
        numeric_fc1 = nn.Linear(layout.NumericCount, options.NumericHidden);
        numeric_fc2 = nn.Linear(options.NumericHidden, options.NumericHidden);

        int sequenceSize = 0;
        if (layout.SequenceChannels > 0)
        {
            switch (options.SequenceKind)
            {
                case SequenceEncoderKind.Gru:
                    var gru = new GruSequenceEncoder(layout.SequenceChannels, options.SequenceHidden);
                    (sequence, sequenceSize) = (gru, gru.OutputSize);
                    break;
                case SequenceEncoderKind.Conv:
                    var conv = new ConvSequenceEncoder(layout.SequenceChannels, options.SequenceHidden);
                    (sequence, sequenceSize) = (conv, conv.OutputSize);
                    break;
                case SequenceEncoderKind.Patch:
                    var patches = new PatchSequenceEncoder(layout.SequenceChannels, layout.SequenceDays, options.SequencePatchDays, options.SequenceHidden);
                    (sequence, sequenceSize) = (patches, patches.OutputSize);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(options), options.SequenceKind, "Unknown sequence encoder kind");
            }
        }

        int embeddingSize = layout.CategoricalCardinalities.Sum(c => EmbeddingSize(c, options.EmbeddingCap));
        fuse_fc1 = nn.Linear(embeddingSize + options.NumericHidden + sequenceSize, options.HiddenSize);
        fuse_fc2 = nn.Linear(options.HiddenSize, options.HiddenSize);
        OutputSize = options.HiddenSize;
        RegisterComponents();
    }

    /// <summary>H.</summary>
    public int OutputSize { get; }

    /// <summary>Embedding dimension for a vocabulary: grows sub-linearly with cardinality, capped.</summary>
    public static int EmbeddingSize(int cardinality, int cap) =>
        Math.Clamp((int)Math.Round(1.6 * Math.Pow(cardinality, 0.56)), 1, cap);

    public override Tensor forward(FeatureBatch batch)
    {
        using var scope = NewDisposeScope();
        var parts = new List<Tensor>();
        for (int i = 0; i < embeddings.Count; i++)
            parts.Add(embeddings[i].forward(batch.Categorical.select(1, i)));
        parts.Add(F.relu(numeric_fc2.forward(F.relu(numeric_fc1.forward(batch.Numeric)))));
        if (sequence is not null) parts.Add(sequence.forward(batch.Sequence));

        var x = F.relu(fuse_fc1.forward(torch.cat(parts, 1)));
        return F.relu(fuse_fc2.forward(x)).MoveToOuterDisposeScope();
    }
}
