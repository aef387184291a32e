using System.Text;
using CcOrNet.Core.Features;
using CcOrNet.Core.Tasks;

namespace CcOrNet.Engines.Sql;

/// <summary>
/// The SQL of the features job, written once for every engine: standard SQL plus what
/// <see cref="ISqlDialect"/> supplies. Input columns are renamed to fixed internal names by the two
/// views, so mapped names appear in SQL only there, quoted.
/// </summary>
public sealed class FeatureSql(ISqlDialect dialect)
{
    public const string EventsRaw = "ccornet_events_raw";
    public const string Events = "ccornet_events";
    public const string UsersRaw = "ccornet_users_raw";
    public const string Users = "ccornet_users";
    public const string ShardColumn = "ccornet_shard";
    public const string EventsBySlice = "ccornet_events_by_slice";
    public const string SliceColumn = "ccornet_slice";

    private readonly ISqlDialect _d = dialect;

    /// <summary>
    /// Normalised events: <c>user_id</c> BIGINT, <c>event_time</c> TIMESTAMP, <c>amount</c> DOUBLE,
    /// <c>a0..</c> VARCHAR attributes; values that do not parse become NULL (and are counted by <see cref="EventsProfile"/>).
    /// </summary>
    public string EventsView(EventColumns columns, ColumnKind timeKind)
    {
        var select = new StringBuilder()
            .Append($"{_d.CreateView(Events)} AS SELECT ")
            .Append($"{_d.TryBigint(Raw(columns.UserId))} AS user_id, ")
            .Append($"{_d.TryTimestamp(Raw(columns.EventTime), timeKind, columns.TimeFormat)} AS event_time, ")
            .Append($"{_d.TryDouble(Raw(columns.Amount))} AS amount, ")
            .Append($"{Raw(columns.UserId)} AS raw_user_id, {Raw(columns.EventTime)} AS raw_event_time, {Raw(columns.Amount)} AS raw_amount");
        for (int i = 0; i < columns.Attributes.Count; i++)
            select.Append($", {_d.CastToText(Raw(columns.Attributes[i]))} AS a{i}");
        return select.Append($" FROM {EventsRaw}").ToString();
    }

    /// <summary>Normalised users: <c>user_id</c>, <c>signup_time</c> (or NULL), <c>c0..</c> VARCHAR, <c>n0..</c> DOUBLE.</summary>
    public string UsersView(UserColumns columns, ColumnKind signupKind)
    {
        var select = new StringBuilder()
            .Append($"{_d.CreateView(Users)} AS SELECT ")
            .Append($"{_d.TryBigint(Raw(columns.UserId))} AS user_id, {Raw(columns.UserId)} AS raw_user_id, ")
            .Append(columns.SignupTime is null
                ? "CAST(NULL AS TIMESTAMP) AS signup_time, NULL AS raw_signup_time"
                : $"{_d.TryTimestamp(Raw(columns.SignupTime), signupKind, columns.TimeFormat)} AS signup_time, {Raw(columns.SignupTime)} AS raw_signup_time");
        for (int i = 0; i < columns.Categorical.Count; i++)
            select.Append($", {_d.CastToText(Raw(columns.Categorical[i]))} AS c{i}");
        for (int i = 0; i < columns.Numeric.Count; i++)
            select.Append($", {_d.TryDouble(Raw(columns.Numeric[i]))} AS n{i}, {Raw(columns.Numeric[i])} AS raw_n{i}");
        return select.Append($" FROM {UsersRaw}").ToString();
    }

    /// <summary>
    /// One scan of the events for everything the job needs before the feature query. The row with
    /// <c>attribute = -1</c> carries the check counters: rows, bad user ids, bad times, bad amounts,
    /// non-finite amounts, first and last event time. Then, for each attribute <c>i</c> of
    /// <paramref name="attributes"/>, rows <c>attribute = i</c> with its <paramref name="limit"/> values
    /// (<c>value</c>) that have the most purchases in the observation window (<c>purchases</c>), most first.
    /// </summary>
    public string EventsProfile(PredictionTask task, int attributes, int limit)
    {
        string totals =
            "count(*) AS event_rows, count(*) FILTER (WHERE user_id IS NULL) AS bad_user_ids, " +
            "count(*) FILTER (WHERE event_time IS NULL) AS bad_times, count(*) FILTER (WHERE amount IS NULL) AS bad_amounts, " +
            $"count(*) FILTER (WHERE amount IS NOT NULL AND NOT {_d.IsFinite("amount")}) AS non_finite_amounts, " +
            "min(event_time) AS first_time, max(event_time) AS last_time";
        const string columns = "attribute, value, purchases, event_rows, bad_user_ids, bad_times, bad_amounts, non_finite_amounts, first_time, last_time";
        if (attributes == 0 || limit == 0)
            return $"SELECT -1 AS attribute, CAST(NULL AS VARCHAR) AS value, 0 AS purchases, {totals} FROM {Events}";

        // Grouping sets: the totals and every attribute's value counts come from the same scan.
        var sets = Enumerable.Range(0, attributes).ToList();
        string attribute = "CASE " + string.Concat(sets.Select(i => $"WHEN GROUPING(a{i}) = 0 THEN {i} ")) + "ELSE -1 END";
        string value = "CASE " + string.Concat(sets.Select(i => $"WHEN GROUPING(a{i}) = 0 THEN a{i} ")) + "END";
        string grouped =
            $"SELECT {attribute} AS attribute, {value} AS value, " +
            $"count(*) FILTER (WHERE {InWindow(task)} AND amount > 0) AS purchases, {totals} " +
            $"FROM {Events} GROUP BY GROUPING SETS ((){string.Concat(sets.Select(i => $", (a{i})"))})";
        string ranked =
            $"SELECT {columns}, row_number() OVER (PARTITION BY attribute ORDER BY purchases DESC, value) AS value_rank " +
            $"FROM ({grouped}) g WHERE attribute = -1 OR (value IS NOT NULL AND purchases > 0)";
        return $"SELECT {columns} FROM ({ranked}) r WHERE value_rank <= {limit} ORDER BY attribute, value_rank";
    }

    /// <summary>An estimate of the distinct users of the events (HyperLogLog), to size the passes when there is no users table.</summary>
    public string ApproxUsers() => $"SELECT approx_count_distinct(user_id) FROM {Events}";

    /// <summary>An example raw value for which <paramref name="condition"/> holds (for error messages).</summary>
    public string Example(string view, string rawColumn, string condition) =>
        $"SELECT {_d.CastToText(rawColumn)} FROM {view} WHERE {condition} LIMIT 1";

    /// <summary>One row: rows, bad ids, distinct ids, unparseable sign-up times, then unparseable count per numeric.</summary>
    public string UsersCheck(int numerics)
    {
        var select = new StringBuilder("SELECT count(*), count(*) FILTER (WHERE user_id IS NULL), count(DISTINCT user_id), ")
            .Append("count(*) FILTER (WHERE raw_signup_time IS NOT NULL AND signup_time IS NULL)");
        for (int i = 0; i < numerics; i++)
            select.Append($", count(*) FILTER (WHERE raw_n{i} IS NOT NULL AND (n{i} IS NULL OR NOT {_d.IsFinite($"n{i}")}))");
        return select.Append($" FROM {Users}").ToString();
    }

    /// <summary>A duplicated user id of the users table and how often it occurs.</summary>
    public string DuplicateUser() =>
        $"SELECT user_id, count(*) FROM {Users} GROUP BY user_id HAVING count(*) > 1 ORDER BY count(*) DESC, user_id LIMIT 1";

    /// <summary>
    /// The events the feature query reads (those before the end of the horizon, or of T without a
    /// label) with the slice of their user in <see cref="SliceColumn"/>: written once partitioned by
    /// slice, they let each pass of a multi-pass run read only its own users' events
    /// (<see cref="FeaturePlan.EventsSliced"/>) instead of rescanning the whole input.
    /// </summary>
    public string SlicedEvents(FeaturePlan plan, int slices)
    {
        string columns = string.Concat(Enumerable.Range(0, plan.Attributes.Count).Select(i => $", a{i}"));
        return $"SELECT user_id, event_time, amount{columns}, {_d.Shard("user_id", slices)} AS {SliceColumn} " +
               $"FROM {Events} WHERE event_time < {EventsEnd(plan)}";
    }

    /// <summary>The view <see cref="EventsBySlice"/> over the events written by <see cref="SlicedEvents"/> to <paramref name="folder"/>.</summary>
    public string EventsBySliceView(string folder) =>
        $"{_d.CreateView(EventsBySlice)} AS SELECT * FROM {_d.ReadPartitionedParquet(folder)}";

    /// <summary>The columns the query of <paramref name="plan"/> writes, with their roles.</summary>
    public FeatureSchema Schema(FeaturePlan plan) => new()
    {
        Numeric = NumericColumns(plan).Select(c => new NumericFeature(c.Name, c.HeavyTailed)).ToList(),
        Categorical = plan.UserCategoricals,
        SequenceChannels = ["spend", "events"],
        SequenceLength = plan.SequenceDays,
        Label = plan.WithLabel ? FeatureSchema.DefaultLabelColumn : null,
    };

    /// <summary>The features table: one row per user known before the cutoff, columns as <see cref="Schema"/>.</summary>
    public string Select(FeaturePlan plan)
    {
        var schema = Schema(plan);
        var select = new StringBuilder($"WITH {PerUser(plan)},\n{Sequence(plan)}\nSELECT ");
        string userId = plan.WithUsers ? "coalesce(a.user_id, u.user_id)" : "a.user_id";
        select.Append($"{userId} AS {_d.Identifier(schema.IdColumn)}");
        foreach (var column in NumericColumns(plan))
            select.Append($",\n  CAST({column.Expression} AS DOUBLE) AS {_d.Identifier(column.Name)}");
        for (int i = 0; i < plan.UserCategoricals.Count; i++)
            select.Append($",\n  coalesce(u.c{i}, {_d.Literal(FeatureSchema.MissingCategory)}) AS {_d.Identifier(plan.UserCategoricals[i])}");
        for (int day = 0; day < plan.SequenceDays; day++)
            select.Append($", coalesce(q.s{day}, 0) AS {_d.Identifier(FeatureSchema.SequenceColumn("spend", day))}");
        for (int day = 0; day < plan.SequenceDays; day++)
            select.Append($", CAST(coalesce(q.e{day}, 0) AS DOUBLE) AS {_d.Identifier(FeatureSchema.SequenceColumn("events", day))}");
        if (plan.WithLabel)
            // Rounded to 1e-6 (the zero edge): a refund that cancels its purchase leaves a float residue such as 5.6e-17
            // in the sum, which would make that user a "payer" whose MAPE term is astronomically large.
            select.Append($",\n  greatest(round(coalesce(a.horizon_spend, 0), 6), 0) AS {_d.Identifier(schema.Label!)}");
        select.Append("\nFROM per_user a LEFT JOIN sequence q ON a.user_id = q.user_id");
        if (plan.WithUsers)
            select.Append($"\nFULL OUTER JOIN (SELECT * FROM {Users} WHERE ({UserKnown(plan)}){InSlice(plan, events: false)}) u ON a.user_id = u.user_id\n" +
                          "WHERE a.events_before > 0 OR u.user_id IS NOT NULL");
        else
            select.Append("\nWHERE a.events_before > 0");
        return select.ToString();
    }

    /// <summary>
    /// The features query with the shard of each user in <see cref="ShardColumn"/>, rows in no
    /// particular order (<see cref="ShardRows"/> orders one shard afterwards, much cheaper than
    /// one global sort of the wide rows).
    /// </summary>
    public string ShardedSelect(FeaturePlan plan, int shards)
    {
        string id = _d.Identifier(FeatureSchema.DefaultIdColumn);
        return $"SELECT *, {_d.Shard(id, shards)} AS {ShardColumn} FROM ({Select(plan)}) f";
    }

    /// <summary>
    /// The feature columns of one shard read from <paramref name="relation"/> (its partial files),
    /// ordered by user when <paramref name="ordered"/> (so reruns write identical files).
    /// </summary>
    public string ShardRows(FeaturePlan plan, string relation, bool ordered)
    {
        var schema = Schema(plan);
        string select = $"SELECT {string.Join(", ", schema.AllColumns.Select(_d.Identifier))} FROM {relation}";
        return ordered ? $"{select} ORDER BY {_d.Identifier(schema.IdColumn)}" : select;
    }

    // Per user, one pass over the events up to the horizon's end: lifetime, window and label aggregates.
    private string PerUser(FeaturePlan plan)
    {
        var task = plan.Task;
        string t = Time(task.AsOf), start = Time(task.ObservationStart), middle = Time(task.AsOf.AddDays(-(task.ObservationDays / 2)));
        string before = $"event_time < {t}", window = $"event_time >= {start} AND event_time < {t}";
        string end = EventsEnd(plan);
        var select = new StringBuilder("per_user AS (SELECT user_id,\n  ")
            .Append($"count(*) FILTER (WHERE {before}) AS events_before, ")
            .Append($"min(event_time) FILTER (WHERE {before}) AS first_time, max(event_time) FILTER (WHERE {before}) AS last_time, ")
            .Append($"sum(amount) FILTER (WHERE {before}) AS lifetime_spend, count(*) FILTER (WHERE {before} AND amount > 0) AS lifetime_orders,\n  ")
            .Append($"count(*) FILTER (WHERE {window}) AS events, count(*) FILTER (WHERE {window} AND amount > 0) AS orders, ")
            .Append($"sum(amount) FILTER (WHERE {window}) AS net, sum(amount) FILTER (WHERE {window} AND amount > 0) AS gross, ")
            .Append($"-sum(amount) FILTER (WHERE {window} AND amount < 0) AS returned, max(amount) FILTER (WHERE {window}) AS max_amount, ")
            .Append($"sum(amount) FILTER (WHERE event_time >= {middle} AND event_time < {t}) AS spend_recent, ")
            .Append($"sum(amount) FILTER (WHERE event_time >= {start} AND event_time < {middle}) AS spend_older");
        // Active days as a bitmap of window days (63 per BIGINT word): much cheaper than count(DISTINCT day).
        for (int word = 0; word * DaysPerWord < task.ObservationDays; word++)
        {
            int first = word * DaysPerWord + 1, last = Math.Min(first + DaysPerWord - 1, task.ObservationDays);
            // CASE, not FILTER: the engine may evaluate the shift on rows a FILTER would drop.
            select.Append($",\n  bit_or(CASE WHEN days_before BETWEEN {first} AND {last} THEN {_d.BitAt($"days_before - {first}")} END) AS active_{word}");
        }
        for (int i = 0; i < plan.Attributes.Count; i++)
            for (int v = 0; v < plan.Attributes[i].Values.Count; v++)
                select.Append($",\n  sum(amount) FILTER (WHERE {window} AND amount > 0 AND a{i} = {_d.Literal(plan.Attributes[i].Values[v])}) AS g{i}_{v}");
        if (plan.WithLabel)
            select.Append($",\n  sum(amount) FILTER (WHERE event_time >= {t}) AS horizon_spend");
        return select
            .Append($"\n  FROM (SELECT *, {_d.DaysUntil("event_time", t)} AS days_before FROM {EventsOf(plan)} WHERE event_time < {end}{InSlice(plan)}) GROUP BY user_id)")
            .ToString();
    }

    private const int DaysPerWord = 63;

    // Per user active in the last D days: spend and event count of each day (index 0 = day T - D).
    // Conditional sums keep fixed-size aggregate states, so the engine can spill them to disk;
    // a PIVOT (list states) was faster but ran out of memory at 10M users.
    private string Sequence(FeaturePlan plan)
    {
        string t = Time(plan.Task.AsOf);
        var select = new StringBuilder("sequence AS (SELECT user_id");
        for (int day = 0; day < plan.SequenceDays; day++)
            select.Append($", sum(CASE WHEN days_before = {plan.SequenceDays - day} THEN amount END) AS s{day}");
        for (int day = 0; day < plan.SequenceDays; day++)
            select.Append($", count(CASE WHEN days_before = {plan.SequenceDays - day} THEN 1 END) AS e{day}");
        return select
            .Append($"\n  FROM (SELECT user_id, amount, {_d.DaysUntil("event_time", t)} AS days_before FROM {EventsOf(plan)} ")
            .Append($"WHERE event_time >= {Time(plan.Task.AsOf.AddDays(-plan.SequenceDays))} AND event_time < {t}{InSlice(plan)}) GROUP BY user_id)")
            .ToString();
    }

    private sealed record NumericColumn(string Name, string Expression, bool HeavyTailed);

    // Every numeric feature: name, expression over per_user a / users u, heavy-tailed flag.
    private IEnumerable<NumericColumn> NumericColumns(FeaturePlan plan)
    {
        string t = _d.TimestampLiteral(plan.Task.AsOf);
        string firstKnown = plan.WithUsers ? "least(a.first_time, u.signup_time)" : "a.first_time";
        string tenure = $"coalesce({_d.FractionalDays(firstKnown, t)}, 0)";
        yield return new("recency_days", $"coalesce({_d.FractionalDays("a.last_time", t)}, {tenure})", false);
        yield return new("tenure_days", tenure, false);
        yield return new("lifetime_orders", "coalesce(a.lifetime_orders, 0)", true);
        yield return new("lifetime_spend", "coalesce(a.lifetime_spend, 0)", true);
        yield return new("events", "coalesce(a.events, 0)", true);
        yield return new("frequency", "coalesce(a.orders, 0)", true);
        yield return new("monetary", "coalesce(a.net, 0)", true);
        yield return new("gross_spend", "coalesce(a.gross, 0)", true);
        yield return new("avg_order_value", "CASE WHEN a.orders > 0 THEN a.gross / a.orders ELSE 0 END", true);
        yield return new("max_order_value", "greatest(coalesce(a.max_amount, 0), 0)", true);
        yield return new("spend_recent", "coalesce(a.spend_recent, 0)", true);
        yield return new("spend_trend",
            "(coalesce(a.spend_recent, 0) - coalesce(a.spend_older, 0)) / (abs(coalesce(a.spend_recent, 0)) + abs(coalesce(a.spend_older, 0)) + 1)", false);
        var activeWords = Enumerable.Range(0, (plan.Task.ObservationDays + DaysPerWord - 1) / DaysPerWord)
            .Select(w => _d.BitCount($"coalesce(a.active_{w}, 0)"));
        yield return new("active_days", string.Join(" + ", activeWords), true);
        // A user without returns has no sum of them (NULL), and least() skips NULLs: coalesce, or the share would be 1.
        yield return new("return_share",
            "CASE WHEN a.gross > 0 THEN least(coalesce(a.returned, 0) / a.gross, 1) WHEN a.returned > 0 THEN 1 ELSE 0 END", false);
        foreach (var (attribute, i) in plan.Attributes.Select((a, i) => (a, i)))
        {
            var shares = attribute.Values.Select((_, v) => $"coalesce(a.g{i}_{v}, 0)").ToList();
            for (int v = 0; v < attribute.Values.Count; v++)
                yield return new(ShareColumn(attribute, v), $"CASE WHEN a.gross > 0 THEN {shares[v]} / a.gross ELSE 0 END", false);
            string known = shares.Count == 0 ? "0" : string.Join(" + ", shares);
            yield return new($"share_{attribute.OutputName}__other", $"CASE WHEN a.gross > 0 THEN greatest(1 - ({known}) / a.gross, 0) ELSE 0 END", false);
        }
        for (int i = 0; i < plan.UserNumerics.Count; i++)
        {
            yield return new(plan.UserNumerics[i], $"coalesce(u.n{i}, 0)", false);
            yield return new(plan.UserNumerics[i] + "_missing", $"CASE WHEN u.n{i} IS NULL THEN 1 ELSE 0 END", false);
        }
    }

    /// <summary>Column name of the spend share of value <paramref name="value"/> (values are sanitised and made unique).</summary>
    public static string ShareColumn(AttributeShares attribute, int value)
    {
        string name = $"share_{attribute.OutputName}_{OutputName(attribute.Values[value])}";
        int same = attribute.Values.Take(value).Count(v => OutputName(v) == OutputName(attribute.Values[value]));
        return same == 0 ? name : $"{name}_{same + 1}";
    }

    /// <summary>A safe column name from an input name or value: lower-case letters, digits and underscores.</summary>
    public static string OutputName(string text)
    {
        var name = new StringBuilder(text.Length);
        foreach (char c in text.ToLowerInvariant())
            name.Append(c is >= 'a' and <= 'z' or >= '0' and <= '9' ? c : '_');
        if (name.Length == 0 || char.IsDigit(name[0])) name.Insert(0, 'x');
        return name.ToString();
    }

    private string InWindow(PredictionTask task) =>
        $"event_time >= {_d.TimestampLiteral(task.ObservationStart)} AND event_time < {_d.TimestampLiteral(task.AsOf)}";

    // The slice's filter sits in every scan, below the aggregates, so each pass aggregates only its
    // users; on the sliced events it names the partition, so only that partition's files are read.
    private string InSlice(FeaturePlan plan, bool events = true) => plan.Slice switch
    {
        null => "",
        { } slice when events && plan.EventsSliced => $" AND {SliceColumn} = {slice.Index}",
        { } slice => $" AND {_d.Shard("user_id", slice.Count)} = {slice.Index}",
    };

    private static string EventsOf(FeaturePlan plan) => plan.EventsSliced ? EventsBySlice : Events;

    private string EventsEnd(FeaturePlan plan) => Time(plan.WithLabel ? plan.Task.HorizonEnd : plan.Task.AsOf);

    private string UserKnown(FeaturePlan plan) =>
        $"signup_time IS NULL OR signup_time < {_d.TimestampLiteral(plan.Task.AsOf)}";

    private string Time(DateOnly day) => _d.TimestampLiteral(day);

    private string Raw(string column) => _d.Identifier(column);
}
