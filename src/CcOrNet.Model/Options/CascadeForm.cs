namespace CcOrNet.Model.Options;

/// <summary>How the model turns the shared encoding into exceedance probabilities E_k = P(y &gt; t_k | x).</summary>
public enum CascadeForm
{
    /// <summary>
    /// CC-OR-Net's structural decomposition: one head per edge for the conditional probability
    /// s_k = P(y &gt; t_k | y &gt; t_{k-1}, x), E_k their running product (DESIGN.md section 4.1).
    /// </summary>
    PerEdgeHeads,

    /// <summary>
    /// Classic ordinal regression, the "ordinal" baseline: one latent score and ordered cutpoints,
    /// E_k = sigmoid(f(x) - theta_k) (the cumulative logit model). Every edge ranks users the same way.
    /// </summary>
    CumulativeLink,
}
