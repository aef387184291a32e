using TorchSharp;

namespace CcOrNet.Model.Tests.Support;

/// <summary>
/// Shared native state for Torch tests: one intra-op thread. The two cores are shared with other builds, and libtorch's
/// thread pool on an oversubscribed machine made these small-tensor tests 5-10x slower with two threads than with one.
/// </summary>
public sealed class TorchFixture
{
    public TorchFixture() => torch.set_num_threads(1);
}

[CollectionDefinition("Torch")]
public sealed class TorchCollection : ICollectionFixture<TorchFixture>;
