using static TorchSharp.torch;

namespace CcOrNet.Model.Models;

/// <summary>One named term of an objective with its weight.</summary>
internal sealed record LossTerm(string Name, double Weight, Tensor Value);
