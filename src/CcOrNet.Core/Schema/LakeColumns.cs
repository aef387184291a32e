namespace CcOrNet.Core.Schema;

/// <summary>
/// Canonical column names of the lake's input tables. Inputs with other names are mapped onto these
/// (features <c>--config</c>); the generator writes them as they are.
/// </summary>
public static class LakeColumns
{
    /// <summary>Events table: one row per purchase, return or session.</summary>
    public static class Events
    {
        /// <summary>int64 user key.</summary>
        public const string UserId = "user_id";
        /// <summary>UTC timestamp of the event.</summary>
        public const string EventTime = "event_time";
        /// <summary>Event kind: <c>purchase</c>, <c>return</c> or <c>session</c>.</summary>
        public const string EventType = "event_type";
        /// <summary>double, currency units; negative for returns, 0 for sessions.</summary>
        public const string Amount = "amount";
        /// <summary>Product category (categorical attribute).</summary>
        public const string Category = "category";
        /// <summary>Where the event happened: app, web or store (categorical attribute).</summary>
        public const string Channel = "channel";
    }

    /// <summary>Users table: one row per user with static attributes.</summary>
    public static class Users
    {
        public const string UserId = "user_id";
        /// <summary>UTC timestamp of sign-up.</summary>
        public const string SignupTime = "signup_time";
        public const string Country = "country";
        /// <summary>Device platform: ios, android or web.</summary>
        public const string Platform = "platform";
        /// <summary>How the user was acquired: organic, paid_search, social, referral, affiliate.</summary>
        public const string AcquisitionChannel = "acquisition_channel";
        /// <summary>int32 age in years at sign-up.</summary>
        public const string Age = "age";
    }
}
