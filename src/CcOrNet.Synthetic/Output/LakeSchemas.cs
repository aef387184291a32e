using CcOrNet.Core.Schema;
using Parquet.Schema;

namespace CcOrNet.Synthetic.Output;

/// <summary>The Parquet schemas of the generated events and users tables (no nulls anywhere).</summary>
internal static class LakeSchemas
{
    public static readonly DataField<long> EventUserId = new(LakeColumns.Events.UserId, false);
    public static readonly DateTimeDataField EventTime = Timestamp(LakeColumns.Events.EventTime);
    public static readonly DataField<string> EventType = new(LakeColumns.Events.EventType, false);
    public static readonly DataField<double> Amount = new(LakeColumns.Events.Amount, false);
    public static readonly DataField<string> Category = new(LakeColumns.Events.Category, false);
    public static readonly DataField<string> Channel = new(LakeColumns.Events.Channel, false);

    public static readonly ParquetSchema Events = new(EventUserId, EventTime, EventType, Amount, Category, Channel);

    public static readonly DataField<long> UserId = new(LakeColumns.Users.UserId, false);
    public static readonly DateTimeDataField SignupTime = Timestamp(LakeColumns.Users.SignupTime);
    public static readonly DataField<string> Country = new(LakeColumns.Users.Country, false);
    public static readonly DataField<string> Platform = new(LakeColumns.Users.Platform, false);
    public static readonly DataField<string> AcquisitionChannel = new(LakeColumns.Users.AcquisitionChannel, false);
    public static readonly DataField<int> Age = new(LakeColumns.Users.Age, false);

    public static readonly ParquetSchema Users = new(UserId, SignupTime, Country, Platform, AcquisitionChannel, Age);

    /// <summary>Microsecond timestamps marked as UTC-adjusted (Spark <c>timestamp</c>, DuckDB <c>TIMESTAMPTZ</c>).</summary>
    private static DateTimeDataField Timestamp(string name) =>
        new(name, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: false);
}
