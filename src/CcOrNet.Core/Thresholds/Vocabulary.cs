namespace CcOrNet.Core.Thresholds;

/// <summary>
/// Index of each frequent value of a categorical feature; index 0 is the out-of-vocabulary slot
/// (values rarer than <see cref="MinCount"/> or unseen when computed).
/// </summary>
/// <param name="MinCount">Rows a value needed to get its own index.</param>
/// <param name="Values">Value -> index, indices 1..n by descending count, ties by ordinal value.</param>
public sealed record Vocabulary(long MinCount, IReadOnlyDictionary<string, int> Values)
{
    public const int OutOfVocabulary = 0;

    /// <summary>Embedding rows needed: the values plus the OOV slot.</summary>
    public int Size => Values.Count + 1;

    public int IndexOf(string? value) =>
        value is not null && Values.TryGetValue(value, out int index) ? index : OutOfVocabulary;
}
