using CcOrNet.Core.Features;
using CcOrNet.Engines;
using CcOrNet.Engines.Sql;

namespace CcOrNet.Pipeline.Features;

public static partial class FeaturesJob
{
    private static void CheckMapping(ColumnMapping mapping, bool withUsers)
    {
        var problems = new List<string>();
        void Required(string? name, string role)
        {
            if (string.IsNullOrWhiteSpace(name)) problems.Add($"{role} column name is empty");
        }
        Required(mapping.Events.UserId, "events.user_id");
        Required(mapping.Events.EventTime, "events.event_time");
        Required(mapping.Events.Amount, "events.amount");
        foreach (string attribute in mapping.Events.Attributes) Required(attribute, "events.attributes[]");
        if (withUsers)
        {
            Required(mapping.Users.UserId, "users.user_id");
            foreach (string column in mapping.Users.Categorical.Concat(mapping.Users.Numeric)) Required(column, "users attribute");
        }
        if (problems.Count > 0) throw new InvalidDataException("Column mapping is not valid: " + string.Join("; ", problems));
    }

    /// <summary>
    /// Checks the events' columns, then runs one profiling scan (<see cref="FeatureSql.EventsProfile"/>)
    /// for the bad-row counts, the time range and the frequent attribute values.
    /// </summary>
    private static async Task<(EventStats Stats, IReadOnlyList<AttributeShares> Attributes)> CheckEventsAsync(
        IEngine engine, FeatureSql sql, FeaturesOptions options, EventColumns columns, CancellationToken ct)
    {
        var source = new TableSource(options.EventsPath, columns.Format, columns.Delimiter);
        await engine.RegisterSourceAsync(FeatureSql.EventsRaw, source, ct);
        var found = await engine.DescribeAsync(FeatureSql.EventsRaw, ct);
        string where = $"events '{options.EventsPath}'";
        var problems = new List<string>();
        CheckColumn(found, columns.UserId, "user_id", [ColumnKind.Integer, ColumnKind.Text], problems);
        CheckColumn(found, columns.EventTime, "event_time",
            columns.TimeFormat is null ? [ColumnKind.Timestamp, ColumnKind.Date, ColumnKind.Text] : [ColumnKind.Timestamp, ColumnKind.Date, ColumnKind.Text, ColumnKind.Integer], problems);
        CheckColumn(found, columns.Amount, "amount", [ColumnKind.Integer, ColumnKind.Real, ColumnKind.Text], problems);
        foreach (string attribute in columns.Attributes)
            CheckColumn(found, attribute, "attribute", [ColumnKind.Text, ColumnKind.Integer, ColumnKind.Boolean], problems);
        Throw(where, problems);

        var timeKind = found.First(c => Same(c.Name, columns.EventTime)).Kind;
        await engine.ExecuteAsync(sql.EventsView(columns, timeKind), ct);
        var profile = await engine.QueryAsync(sql.EventsProfile(options.Task, columns.Attributes.Count, options.MaxValuesPerAttribute), ct);
        var totals = profile.Single(r => Convert.ToInt32(r[0]) == -1);
        long rows = Convert.ToInt64(totals[3]);
        if (rows == 0) throw new InvalidDataException($"The {where} is empty: expected at least one event");
        async Task Bad(int index, string rawColumn, string condition, string column, string expected)
        {
            long bad = Convert.ToInt64(totals[index]);
            if (bad == 0) return;
            var example = await engine.QueryAsync(sql.Example(FeatureSql.Events, rawColumn, condition), ct);
            string shown = example.Count == 0 || example[0][0] is null ? "NULL" : $"'{example[0][0]}'";
            problems.Add($"column '{column}': {bad} of {rows} rows are not {expected} (e.g. {shown})");
        }
        await Bad(4, "raw_user_id", "user_id IS NULL", columns.UserId, "64-bit integer user ids");
        await Bad(5, "raw_event_time", "event_time IS NULL", columns.EventTime,
            columns.TimeFormat is null ? "timestamps" : $"timestamps in format '{columns.TimeFormat}'");
        await Bad(6, "raw_amount", "amount IS NULL", columns.Amount, "numbers");
        await Bad(7, "raw_amount", $"amount IS NOT NULL AND NOT {engine.Dialect.IsFinite("amount")}", columns.Amount, "finite (NaN or infinite amounts)");
        Throw(where, problems);

        var stats = new EventStats(rows, (DateTime)totals[8]!, (DateTime)totals[9]!);
        var asOf = options.AsOf.ToDateTime(TimeOnly.MinValue);
        if (stats.First >= asOf || options.AsOf > stats.LastDay.AddDays(1))
            throw new InvalidDataException(
                $"Cutoff {options.AsOf:yyyy-MM-dd} is outside the {where}: expected a day after the first event ({stats.First:yyyy-MM-dd HH:mm:ss}) " +
                $"and at most the day after the last one ({stats.LastDay.AddDays(1):yyyy-MM-dd})");

        // Profile rows come ordered by attribute, then by purchases (most first).
        var attributes = columns.Attributes
            .Select((name, i) => new AttributeShares(FeatureSql.OutputName(name),
                profile.Where(r => Convert.ToInt32(r[0]) == i).Select(r => (string)r[1]!).ToList()))
            .ToList();
        return (stats, attributes);
    }

    /// <summary>Checks the users table; returns its rows (one per user).</summary>
    private static async Task<long> CheckUsersAsync(IEngine engine, FeatureSql sql, string usersPath, UserColumns columns, CancellationToken ct)
    {
        await engine.RegisterSourceAsync(FeatureSql.UsersRaw, new TableSource(usersPath, columns.Format, columns.Delimiter), ct);
        var found = await engine.DescribeAsync(FeatureSql.UsersRaw, ct);
        string where = $"users '{usersPath}'";
        var problems = new List<string>();
        CheckColumn(found, columns.UserId, "user_id", [ColumnKind.Integer, ColumnKind.Text], problems);
        if (columns.SignupTime is not null)
            CheckColumn(found, columns.SignupTime, "signup_time",
                columns.TimeFormat is null ? [ColumnKind.Timestamp, ColumnKind.Date, ColumnKind.Text] : [ColumnKind.Timestamp, ColumnKind.Date, ColumnKind.Text, ColumnKind.Integer], problems);
        foreach (string column in columns.Categorical)
            CheckColumn(found, column, "categorical", [ColumnKind.Text, ColumnKind.Integer, ColumnKind.Boolean], problems);
        foreach (string column in columns.Numeric)
            CheckColumn(found, column, "numeric", [ColumnKind.Integer, ColumnKind.Real, ColumnKind.Text], problems);
        Throw(where, problems);

        var signupKind = columns.SignupTime is null ? ColumnKind.Timestamp : found.First(c => Same(c.Name, columns.SignupTime)).Kind;
        await engine.ExecuteAsync(sql.UsersView(columns, signupKind), ct);
        var row = (await engine.QueryAsync(sql.UsersCheck(columns.Numeric.Count), ct))[0];
        long rows = Convert.ToInt64(row[0]), badIds = Convert.ToInt64(row[1]), distinct = Convert.ToInt64(row[2]), badSignups = Convert.ToInt64(row[3]);
        if (rows == 0) throw new InvalidDataException($"The {where} is empty: expected at least one user");
        if (badIds > 0) problems.Add($"column '{columns.UserId}': {badIds} of {rows} rows are not 64-bit integer user ids");
        if (badSignups > 0) problems.Add($"column '{columns.SignupTime}': {badSignups} of {rows} rows are not timestamps");
        for (int i = 0; i < columns.Numeric.Count; i++)
            if (Convert.ToInt64(row[4 + i]) is long bad and > 0)
                problems.Add($"column '{columns.Numeric[i]}': {bad} of {rows} rows are not finite numbers");
        if (badIds == 0 && distinct < rows)
        {
            var duplicate = (await engine.QueryAsync(sql.DuplicateUser(), ct))[0];
            problems.Add($"column '{columns.UserId}': expected one row per user, found {rows - distinct} duplicate rows (e.g. user {duplicate[0]} appears {duplicate[1]} times)");
        }
        Throw(where, problems);
        return rows;
    }

    private static void CheckUniqueColumns(FeatureSchema schema)
    {
        var duplicates = schema.AllColumns.GroupBy(c => c, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
            throw new InvalidDataException($"Feature column names must be unique, but these occur twice (rename the input attributes): {string.Join(", ", duplicates)}");
    }

    private static void CheckColumn(IReadOnlyList<ColumnInfo> found, string name, string role, ColumnKind[] allowed, List<string> problems)
    {
        var column = found.FirstOrDefault(c => c.Name == name) ?? found.FirstOrDefault(c => Same(c.Name, name));
        if (column is null)
            problems.Add($"{role} column '{name}' is missing (columns: {string.Join(", ", found.Select(c => c.Name))})");
        else if (!allowed.Contains(column.Kind))
            problems.Add($"{role} column '{name}' has type {column.EngineType}, expected {string.Join(" or ", allowed.Select(k => k.ToString().ToLowerInvariant()))}");
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static void Throw(string where, List<string> problems)
    {
        if (problems.Count > 0) throw new InvalidDataException($"The {where} is not usable: " + string.Join("; ", problems));
    }
}
