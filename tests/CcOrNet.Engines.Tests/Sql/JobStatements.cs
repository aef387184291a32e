using CcOrNet.Core.Features;
using CcOrNet.Core.Tasks;
using CcOrNet.Core.Thresholds;
using CcOrNet.Engines.Sql;

namespace CcOrNet.Engines.Tests.Sql;

/// <summary>Every statement the features and thresholds jobs build, for one dialect, on one small plan.</summary>
internal static class JobStatements
{
    public static readonly FeaturePlan Plan = new()
    {
        Task = new PredictionTask(new DateOnly(2024, 2, 1), 30, 10),
        SequenceDays = 3,
        WithLabel = true,
        Attributes = [new AttributeShares("category", ["books"])],
        WithUsers = true,
        UserCategoricals = ["country"],
        UserNumerics = ["age"],
    };

    public static readonly EventColumns Events = new() { Attributes = ["category"] };

    public static readonly UserColumns Users = new() { SignupTime = "signup_time", Categorical = ["country"], Numeric = ["age"] };

    public static IReadOnlyList<(string Name, string Sql)> For(ISqlDialect d, string featuresRelation)
    {
        var features = new FeatureSql(d);
        var thresholds = new ThresholdSql(d, featuresRelation, FeatureSchema.DefaultLabelColumn);
        return
        [
            ("events view", features.EventsView(Events, ColumnKind.Timestamp)),
            ("events view, formatted text times", features.EventsView(Events with { TimeFormat = "%Y-%m-%d %H:%M:%S" }, ColumnKind.Text)),
            ("users view", features.UsersView(Users, ColumnKind.Timestamp)),
            ("events profile", features.EventsProfile(Plan.Task, Plan.Attributes.Count, 5)),
            ("users check", features.UsersCheck(1)),
            ("duplicate user", features.DuplicateUser()),
            ("example", features.Example(FeatureSql.Events, "raw_amount", $"amount IS NOT NULL AND NOT {d.IsFinite("amount")}")),
            ("features", features.Select(Plan)),
            ("sharded features", features.ShardedSelect(Plan, 4)),
            ("features of one slice", features.Select(Plan with { Slice = new UserSlice(1, 4) })),
            ("sliced events", features.SlicedEvents(Plan, 4)),
            ("events by slice view", features.EventsBySliceView("/lake/features/.events-by-slice")),
            ("features of one slice of the sliced events", features.Select(Plan with { Slice = new UserSlice(1, 4), EventsSliced = true })),
            ("write shards", d.CopyToPartitionedParquet(features.ShardedSelect(Plan, 4), "/lake/features/.partitions", FeatureSql.ShardColumn)),
            ("label counts", thresholds.Counts()),
            ("exact quantiles", thresholds.LabelQuantiles([0.5, 0.75, 0.999], QuantileMode.Exact)),
            ("approximate quantiles", thresholds.LabelQuantiles([0.5, 0.75, 0.999], QuantileMode.Approximate)),
            ("mean and std", thresholds.MeanAndStd([("frequency", FeatureTransform.SignedLog1p), ("tenure_days", FeatureTransform.Identity)])),
            ("sequence sums", thresholds.Sums(["seq_spend_000", "seq_spend_001"], FeatureTransform.SignedLog1p)),
            ("vocabulary", thresholds.Vocabulary("country", 2)),
        ];
    }
}
