using static TorchSharp.torch;

namespace CcOrNet.Model.Models;

/// <summary>A training objective: the weighted total (a scalar with its graph) and each unweighted term's value.</summary>
/// <param name="Total">L = sum of weight * term; call backward() on it.</param>
/// <param name="Terms">Unweighted value per term, e.g. cascade, distill, residual, highvalue.</param>
public sealed record LossBreakdown(Tensor Total, IReadOnlyDictionary<string, double> Terms) : IDisposable
{
    public void Dispose() => Total.Dispose();
}
