using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace CcOrNet.Model.Modules;

/// <summary>
/// Classic ordinal regression (the cumulative logit / proportional-odds model, McCullagh 1980): one latent score
/// f(x) from an MLP over h and ordered cutpoints theta_1 &lt; ... &lt; theta_{K-1}, with E_k = P(y &gt; t_k | x) =
/// sigmoid(f - theta_k). Every edge shares the one score; only the cutpoint moves. This is what CC-OR-Net's per-edge
/// heads are measured against: the "ordinal" baseline.
/// </summary>
/// <remarks>
/// It returns the same thing as <see cref="OrdinalCascade"/> — logits [B, K-1] of the conditional probabilities
/// s_k = E_k / E_{k-1} — so the cascade's losses, bucket probabilities and decision rules apply unchanged. With
/// a_k = f - theta_k and gap d_k = theta_k - theta_{k-1} &gt; 0: logit s_1 = a_1 and, for k &gt; 1,
/// logit s_k = log E_k - log(E_{k-1} - E_k) = softplus(a_{k-1}) - d_k - log(1 - exp(-d_k)), which is finite for every
/// score because the gaps are kept at least <see cref="MinimumGap"/> apart.
/// </remarks>
internal sealed class CumulativeLinkHead : nn.Module<Tensor, Tensor>
{
    /// <summary>Smallest distance between cutpoints: keeps log(1 - exp(-d)) finite (about -6.9 at the minimum).</summary>
    internal const double MinimumGap = 1e-3;

    private readonly MlpHead score;
    private readonly TorchSharp.Modules.Parameter first_cutpoint;
    private readonly TorchSharp.Modules.Parameter? cutpoint_gaps;

    public CumulativeLinkHead(int inputSize, int edgeCount, int hidden) : base(nameof(CumulativeLinkHead))
    {
        score = new MlpHead(inputSize, hidden, 1);
        first_cutpoint = nn.Parameter(torch.zeros(1));
        // softplus(0.5413) = 1: cutpoints start one logit apart.
        if (edgeCount > 1) cutpoint_gaps = nn.Parameter(torch.full(edgeCount - 1, 0.5413f));
        RegisterComponents();
    }

    public override Tensor forward(Tensor h)
    {
        using var scope = NewDisposeScope();
        var cutpoints = Cutpoints();
        var a = Score(h).unsqueeze(1) - cutpoints.unsqueeze(0);
        if (cutpoint_gaps is null) return a.MoveToOuterDisposeScope();
        var gaps = Gaps();
        var later = F.softplus(a.narrow(1, 0, a.shape[1] - 1)) - gaps - torch.log(-torch.expm1(-gaps));
        return torch.cat([a.narrow(1, 0, 1), later], 1).MoveToOuterDisposeScope();
    }

    /// <summary>The latent score f(x) [B].</summary>
    internal Tensor Score(Tensor h) => score.forward(h).squeeze(1);

    /// <summary>theta [K-1], strictly increasing.</summary>
    internal Tensor Cutpoints() =>
        cutpoint_gaps is null ? first_cutpoint.clone() : torch.cat([first_cutpoint, first_cutpoint + Gaps().cumsum(0)]);

    private Tensor Gaps() => F.softplus(cutpoint_gaps!) + MinimumGap;
}
