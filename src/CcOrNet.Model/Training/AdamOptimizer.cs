using System.Runtime.InteropServices;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CcOrNet.Model.Training;

/// <summary>
/// Adam (Kingma and Ba), the algorithm and defaults of <c>torch.optim.Adam</c> (betas 0.9 / 0.999, eps 1e-8, L2 weight
/// decay added to the gradient, bias-corrected moments, a step count per parameter, parameters without a gradient
/// skipped), with both moments kept in two flat buffers for the optimizer's lifetime.
/// </summary>
/// <remarks>
/// Why not TorchSharp 0.107's Adam: its managed step passes temporary <see cref="Scalar"/>s to native code by raw
/// handle; when a garbage collection finalizes one during the call, libtorch reads a freed Scalar and throws ("Expected
/// false to be true ... toFloat", about one run in 10-50 on the shared machine). Here every Scalar of a step is created
/// explicitly and disposed by <c>using</c> after the native calls that read it (which also keeps it reachable until
/// then), and the buffers are created once, detached from any dispose scope. Step:
/// m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps).
/// </remarks>
public sealed class AdamOptimizer : IDisposable
{
    private const string Magic = "ccornet-adam-1";

    private readonly IReadOnlyList<Parameter> parameters;
    private readonly Tensor firstMoment, secondMoment, scratch;
    private readonly Tensor[] firstMoments, secondMoments, scratches;
    private readonly long[] steps;
    private readonly double beta1, beta2, eps, weightDecay;
    private double learningRate;

    public AdamOptimizer(IEnumerable<Parameter> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double eps = 1e-8, double weightDecay = 0)
    {
        this.parameters = parameters.ToList();
        var problems = new List<string>();
        if (!(learningRate > 0)) problems.Add($"learning rate must be > 0 (got {learningRate})");
        if (!(beta1 is >= 0 and < 1)) problems.Add($"beta1 must be in [0, 1) (got {beta1})");
        if (!(beta2 is >= 0 and < 1)) problems.Add($"beta2 must be in [0, 1) (got {beta2})");
        if (!(eps >= 0)) problems.Add($"eps must be >= 0 (got {eps})");
        if (!(weightDecay >= 0)) problems.Add($"weight decay must be >= 0 (got {weightDecay})");
        if (this.parameters.Any(p => p.dtype != ScalarType.Float32)) problems.Add("every parameter must be float32");
        if (problems.Count > 0) throw new ArgumentException("Invalid Adam options: " + string.Join("; ", problems));
        (this.learningRate, this.beta1, this.beta2, this.eps, this.weightDecay) = (learningRate, beta1, beta2, eps, weightDecay);

        long total = this.parameters.Sum(p => p.numel());
        firstMoment = Flat(total);
        secondMoment = Flat(total);
        scratch = Flat(total);
        firstMoments = Views(firstMoment);
        secondMoments = Views(secondMoment);
        scratches = Views(scratch);
        steps = new long[this.parameters.Count];
    }

    /// <summary>The rate of the next <see cref="Step"/>; a schedule sets it between steps (0 makes a step change nothing).</summary>
    public double LearningRate
    {
        get => learningRate;
        set => learningRate = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The learning rate must be >= 0");
    }

    /// <summary>Steps taken by each parameter (a parameter without a gradient in a step does not count it).</summary>
    public IReadOnlyList<long> Steps => steps;

    /// <summary>Drops every parameter's gradient (as <c>zero_grad(set_to_none: true)</c>): unused parameters then have none.</summary>
    public void ZeroGrad()
    {
        foreach (var parameter in parameters) parameter.grad = null;
    }

    /// <summary>
    /// Scales the gradients so that their global L2 norm is at most <paramref name="maxNorm"/> (as
    /// <c>clip_grad_norm_</c>: coefficient max / (norm + 1e-6), capped at 1), with explicit Scalars; returns the norm.
    /// </summary>
    public double ClipGradientNorm(double maxNorm)
    {
        using var scope = NewDisposeScope();
        var gradients = parameters.Select(p => p.grad).OfType<Tensor>().ToList();
        if (gradients.Count == 0) return 0;
        using var tiny = 1e-6.ToScalar();
        using var max = maxNorm.ToScalar();
        using var one = 1.0.ToScalar();
        var total = stack(gradients.Select(g => g.norm()).ToList()).norm();
        var coefficient = total.add(tiny, one).reciprocal_().mul_(max).clamp_max_(one);
        using (no_grad())
            foreach (var gradient in gradients) gradient.mul_(coefficient);
        return total.item<float>();
    }

    /// <summary>One Adam step for every parameter that has a gradient.</summary>
    public void Step()
    {
        using var noGrad = no_grad();
        using var scalars = new StepScalars(this);
        for (int i = 0; i < parameters.Count; i++)
        {
            using var gradient = parameters[i].grad;
            if (gradient is null) continue;
            var (stepSize, correction2) = scalars.Corrections(++steps[i]);
            using var decayed = weightDecay > 0 ? gradient.add(parameters[i], scalars.Decay) : null;
            var g = decayed ?? gradient;
            var (m, v, denominator) = (firstMoments[i], secondMoments[i], scratches[i]);
            m.mul_(scalars.Beta1).add_(g, scalars.OneMinusBeta1);
            v.mul_(scalars.Beta2).addcmul_(g, g, scalars.OneMinusBeta2);
            denominator.copy_(v).sqrt_().div_(correction2).add_(scalars.Eps, scalars.One);
            parameters[i].addcdiv_(m, denominator, stepSize);
        }
    }

    /// <summary>Writes the step counts and both moments (a small binary file, checked on <see cref="Load"/>).</summary>
    public void Save(string path)
    {
        using var stream = File.Create(path);
        using var writer = new BinaryWriter(stream);
        writer.Write(Magic);
        writer.Write(parameters.Count);
        foreach (var parameter in parameters) writer.Write(parameter.numel());
        foreach (long step in steps) writer.Write(step);
        writer.Write(MemoryMarshal.AsBytes<float>(firstMoment.data<float>().ToArray()));
        writer.Write(MemoryMarshal.AsBytes<float>(secondMoment.data<float>().ToArray()));
    }

    /// <summary>Restores a state written by <see cref="Save"/> for the same parameter shapes.</summary>
    public void Load(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream);
        try
        {
            string magic = reader.ReadString();
            if (magic != Magic) throw new InvalidDataException($"Optimizer state '{path}' has format '{magic}', expected '{Magic}'");
            int count = reader.ReadInt32();
            if (count != parameters.Count)
                throw new InvalidDataException($"Optimizer state '{path}' is for {count} parameters, the model has {parameters.Count}");
            for (int i = 0; i < count; i++)
            {
                long size = reader.ReadInt64();
                if (size != parameters[i].numel())
                    throw new InvalidDataException($"Optimizer state '{path}': parameter {i} has {size} values, the model's has {parameters[i].numel()}");
            }
            var loadedSteps = Enumerable.Range(0, count).Select(_ => reader.ReadInt64()).ToArray();
            var first = ReadFloats(reader, firstMoment.numel(), path);
            var second = ReadFloats(reader, secondMoment.numel(), path);
            if (stream.Position != stream.Length)
                throw new InvalidDataException($"Optimizer state '{path}' has {stream.Length - stream.Position} bytes after the moments");
            loadedSteps.CopyTo(steps, 0);
            firstMoment.data<float>().CopyFrom(first, 0);
            secondMoment.data<float>().CopyFrom(second, 0);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"Optimizer state '{path}' is truncated ({stream.Length} bytes)", e);
        }
    }

    private static float[] ReadFloats(BinaryReader reader, long count, string path)
    {
        var values = new float[count];
        var bytes = MemoryMarshal.AsBytes(values.AsSpan());
        if (reader.Read(bytes) != bytes.Length) throw new InvalidDataException($"Optimizer state '{path}' is truncated: expected {count} moment values");
        return values;
    }

    // Created once and detached from any dispose scope the caller may have open: they live as long as the optimizer.
    private static Tensor Flat(long length) => zeros(length).DetachFromDisposeScope();

    private Tensor[] Views(Tensor flat)
    {
        var views = new Tensor[parameters.Count];
        long offset = 0;
        for (int i = 0; i < parameters.Count; i++)
        {
            long size = parameters[i].numel();
            using var slice = flat.narrow(0, offset, size);
            views[i] = slice.view(parameters[i].shape).DetachFromDisposeScope();
            offset += size;
        }
        return views;
    }

    /// <summary>
    /// The Scalars of one step, made explicitly and disposed together after the step: reachable (so never finalized)
    /// while native code reads them. The bias corrections are made once per distinct step count (one, unless some
    /// parameters skipped steps).
    /// </summary>
    private sealed class StepScalars(AdamOptimizer adam) : IDisposable
    {
        private readonly Dictionary<long, (Scalar StepSize, Scalar Correction2)> corrections = [];

        public Scalar Beta1 { get; } = adam.beta1.ToScalar();
        public Scalar OneMinusBeta1 { get; } = (1 - adam.beta1).ToScalar();
        public Scalar Beta2 { get; } = adam.beta2.ToScalar();
        public Scalar OneMinusBeta2 { get; } = (1 - adam.beta2).ToScalar();
        public Scalar Eps { get; } = adam.eps.ToScalar();
        public Scalar Decay { get; } = adam.weightDecay.ToScalar();
        // add_(Scalar) alone would make its alpha 1 as a temporary Scalar inside TorchSharp (the same race).
        public Scalar One { get; } = 1.ToScalar();

        /// <summary>-lr / (1 - b1^t) and sqrt(1 - b2^t) for step t.</summary>
        public (Scalar StepSize, Scalar Correction2) Corrections(long step)
        {
            if (!corrections.TryGetValue(step, out var pair))
            {
                pair = ((-adam.learningRate / (1 - Math.Pow(adam.beta1, step))).ToScalar(), Math.Sqrt(1 - Math.Pow(adam.beta2, step)).ToScalar());
                corrections[step] = pair;
            }
            return pair;
        }

        public void Dispose()
        {
            foreach (var scalar in new[] { Beta1, OneMinusBeta1, Beta2, OneMinusBeta2, Eps, Decay, One }) scalar.Dispose();
            foreach (var (stepSize, correction2) in corrections.Values)
            {
                stepSize.Dispose();
                correction2.Dispose();
            }
        }
    }

    public void Dispose()
    {
        foreach (var view in firstMoments.Concat(secondMoments).Concat(scratches)) view.Dispose();
        firstMoment.Dispose();
        secondMoment.Dispose();
        scratch.Dispose();
    }
}
