namespace CcOrNet.Synthetic.Tests;

public sealed class GeneratorOptionsTests
{
    [Fact]
    public void Validate_DefaultsWithAnOutputPath_Passes()
    {
        using var temp = new TempFolder();
        new GeneratorOptions { OutputDirectory = temp.Combine("lake") }.Validate();
    }

    [Fact]
    public void Validate_SeveralBrokenRules_ListsEveryRuleInOneMessage()
    {
        var options = new GeneratorOptions { OutputDirectory = " ", Users = 0, Shards = -1, RowGroupRows = 10, Parallelism = -2, UsersPerAutoShard = 0 };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("OutputDirectory", error.Message);
        Assert.Contains("Users must be at least 1, got 0", error.Message);
        Assert.Contains("Shards must be 0 (auto) or 1..10000, got -1", error.Message);
        Assert.Contains("RowGroupRows must be in 1000..10000000, got 10", error.Message);
        Assert.Contains("Parallelism", error.Message);
        Assert.Contains("UsersPerAutoShard", error.Message);
    }

    [Fact]
    public void Validate_MoreShardsThanUsers_Throws()
    {
        using var temp = new TempFolder();
        var options = new GeneratorOptions { OutputDirectory = temp.Combine("lake"), Users = 3, Shards = 4 };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("Shards (4) must not exceed Users (3)", error.Message);
    }

    [Fact]
    public void Validate_NonEmptyFolderThatIsNotALake_RefusesToReplaceIt()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.Combine("precious.txt"), "keep me");

        var error = Assert.Throws<ArgumentException>(new GeneratorOptions { OutputDirectory = temp.Path }.Validate);

        Assert.Contains("not a generated lake", error.Message);
    }

    [Theory]
    [InlineData(1, 0, 1)]
    [InlineData(250_000, 0, 1)]
    [InlineData(250_001, 0, 2)]
    [InlineData(1_000_000, 0, 4)]
    [InlineData(1_000_000, 7, 7)]
    public void ResolvedShards_AutoOrExplicit_IsOnePerQuarterMillionUsersOrAsGiven(long users, int shards, int expected)
    {
        var options = new GeneratorOptions { OutputDirectory = "lake", Users = users, Shards = shards };

        Assert.Equal(expected, options.ResolvedShards);
    }
}
