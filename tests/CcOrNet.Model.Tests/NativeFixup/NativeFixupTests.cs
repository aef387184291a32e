using TorchSharp;
using static TorchSharp.torch;

namespace CcOrNet.Model.Tests.NativeFixup;

/// <summary>The build's GLIBCXX fix-up (build/ElfVersionNeeds.cs): TorchSharp loads and trains here.</summary>
[Collection("Torch")]
public sealed class NativeFixupTests
{
    private const string Version = "GLIBCXX_3.4.32";
    private static readonly string CopiedLibrary =
        Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");

    [Fact]
    public void Torch_LinearModel_ForwardBackwardStepReducesLoss()
    {
        torch.manual_seed(7);
        var x = torch.randn(256, 8);
        var trueWeights = torch.randn(8, 1);
        var y = x.matmul(trueWeights);
        var model = nn.Linear(8, 1);
        var optimizer = optim.SGD(model.parameters(), learningRate: 0.1);

        float first = 0, last = 0;
        for (int step = 0; step < 50; step++)
        {
            optimizer.zero_grad();
            var loss = nn.functional.mse_loss(model.forward(x), y);
            loss.backward();
            optimizer.step();
            if (step == 0) first = loss.item<float>();
            last = loss.item<float>();
        }

        Assert.True(last < first * 0.05, $"loss went from {first} to {last}");
    }

    [Fact]
    public void CopiedLibrary_IsWeakExactlyWhenSystemLacksVersion()
    {
        string libStdCxx = ElfVersionNeeds.FindSystemLibStdCxx() ?? throw new InvalidOperationException("no libstdc++ found");
        bool systemHasVersion = ElfVersionNeeds.Defines(libStdCxx, Version);

        byte[] image = File.ReadAllBytes(CopiedLibrary);
        var outcome = ElfVersionNeeds.MarkWeak(image, Version);

        Assert.Equal(systemHasVersion ? ElfVersionNeeds.Outcome.MarkedWeak : ElfVersionNeeds.Outcome.AlreadyWeak, outcome);
    }

    /// <summary>Output copies are hard links into the NuGet cache until patched; the patch must replace the
    /// copy, never write through the link into the package every build and machine user shares.</summary>
    [Fact]
    public void PackageOriginal_KeepsItsStrongRequirement()
    {
        byte[] original = File.ReadAllBytes(PackagedLibrary());
        Assert.Equal(ElfVersionNeeds.Outcome.MarkedWeak, ElfVersionNeeds.MarkWeak(original, Version));
    }

    [Fact]
    public void MarkWeak_ChangesOnlyOneFlagAndIsIdempotent()
    {
        byte[] original = File.ReadAllBytes(CopiedLibrary);
        byte[] image = (byte[])original.Clone();

        var first = ElfVersionNeeds.MarkWeak(image, "GLIBCXX_3.4.30");
        var second = ElfVersionNeeds.MarkWeak(image, "GLIBCXX_3.4.30");

        Assert.Equal(ElfVersionNeeds.Outcome.MarkedWeak, first);
        Assert.Equal(ElfVersionNeeds.Outcome.AlreadyWeak, second);
        int changedBytes = original.Zip(image).Count(pair => pair.First != pair.Second);
        Assert.Equal(1, changedBytes);
    }

    [Fact]
    public void MarkWeak_UnknownVersion_ReportsNotRequired()
    {
        byte[] image = File.ReadAllBytes(CopiedLibrary);
        Assert.Equal(ElfVersionNeeds.Outcome.NotRequired, ElfVersionNeeds.MarkWeak(image, "GLIBCXX_9.9.99"));
    }

    /// <summary>The TorchSharp package's own libLibTorchSharp.so, found through this test host's deps.json.</summary>
    private static string PackagedLibrary()
    {
        string depsFile = Path.Combine(AppContext.BaseDirectory, "CcOrNet.Model.Tests.deps.json");
        using var deps = System.Text.Json.JsonDocument.Parse(File.ReadAllText(depsFile));
        string packagePath = deps.RootElement.GetProperty("libraries").EnumerateObject()
            .Single(library => library.Name.StartsWith("TorchSharp/", StringComparison.Ordinal))
            .Value.GetProperty("path").GetString()!;
        string packagesRoot = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        return Path.Combine(packagesRoot, packagePath, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
    }

    [Fact]
    public void MarkWeak_NotElf_Throws()
    {
        var error = Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.MarkWeak(new byte[128], Version));
        Assert.Contains("not an ELF", error.Message);
    }
}
