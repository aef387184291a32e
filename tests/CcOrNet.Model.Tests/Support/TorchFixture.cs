using TorchSharp;

namespace CcOrNet.Model.Tests.Support;

/// <summary>Shared native state for Torch tests: two intra-op threads (the machine has two cores).</summary>
public sealed class TorchFixture
{
    public TorchFixture() => torch.set_num_threads(2);
}

[CollectionDefinition("Torch")]
public sealed class TorchCollection : ICollectionFixture<TorchFixture>;
