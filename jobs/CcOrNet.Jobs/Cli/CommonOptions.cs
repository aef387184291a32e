using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using CcOrNet.Model.Training;

namespace CcOrNet.Jobs.Cli;

/// <summary>Option builders shared by the subcommands, so the same concept has the same name everywhere.</summary>
internal static class CommonOptions
{
    /// <summary><c>--verbose</c>: debug-level logs (recursive: valid on every subcommand).</summary>
    public static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "Write debug-level logs to stderr.",
        Recursive = true,
    };

    public static Option<string> RequiredPath(string name, string description) => new(name)
    {
        Description = description,
        Required = true,
    };

    public static Option<string?> OptionalPath(string name, string description) => new(name) { Description = description };

    /// <summary>A YYYY-MM-DD date, e.g. <c>--as-of 2025-07-01</c>.</summary>
    public static Option<DateOnly> Date(string name, string description, bool required = true) => new(name)
    {
        Description = description + " (YYYY-MM-DD)",
        Required = required,
        CustomParser = ParseDate,
    };

    /// <summary><c>--lr-decay none|cosine</c>: how the learning rate falls over the epochs.</summary>
    public static Option<LearningRateDecay> LearningRateDecay(LearningRateDecay defaultValue) => new("--lr-decay")
    {
        Description = "Learning-rate schedule over the epochs: none (constant) or cosine (annealed to 0 by the last planned epoch).",
        DefaultValueFactory = _ => defaultValue,
    };

    /// <summary><c>--learning-rate</c>: Adam's base rate, a positive finite number.</summary>
    public static Option<double> LearningRate(double defaultValue) => new("--learning-rate")
    {
        Description = "Adam learning rate (the peak of the --lr-decay schedule).",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = ParseLearningRate,
    };

    /// <summary><c>--decode-cache DIR|none</c>: where decoded row groups are kept for the later epochs, or none.</summary>
    public static Option<string?> DecodeCache(string defaultFolder) => new("--decode-cache")
    {
        Description = $"Folder keeping decoded row groups so later epochs skip Parquet decoding (default: {defaultFolder}; deleted after the run), or 'none'.",
    };

    /// <summary>A <c>--decode-cache</c> value: null = on in the job's default folder, <c>none</c> = off, else on in that folder.</summary>
    public static (bool Enabled, string? Folder) DecodeCacheChoice(string? value) =>
        value is null ? (true, null) : value.Equals("none", StringComparison.OrdinalIgnoreCase) ? (false, null) : (true, value);

    public static Option<int> PositiveInt(string name, string description, int defaultValue) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result => (int)ParseAtLeastOne(result, name, int.MaxValue),
    };

    public static Option<long> PositiveLong(string name, string description, long defaultValue) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result => ParseAtLeastOne(result, name, long.MaxValue),
    };

    private static long ParseAtLeastOne(ArgumentResult result, string name, long maximum)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long value) || value > maximum)
            result.AddError($"{name} expects a whole number, got '{text}'");
        else if (value < 1)
            result.AddError($"{name} must be at least 1, got {value}");
        return value;
    }

    private static double ParseLearningRate(ArgumentResult result)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value) || value <= 0)
            result.AddError($"--learning-rate expects a positive number such as 1e-3, got '{text}'");
        return value;
    }

    private static DateOnly ParseDate(ArgumentResult result)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly date))
            return date;
        result.AddError($"expected a date as YYYY-MM-DD, got '{text}'");
        return default;
    }
}
