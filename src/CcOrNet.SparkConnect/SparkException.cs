using System.Data.Common;
using Grpc.Core;

namespace CcOrNet.SparkConnect;

/// <summary>
/// A Spark Connect call failed: the server's message plus what Spark says about it — its error
/// class (e.g. <c>TABLE_OR_VIEW_NOT_FOUND</c>), SQL state and exception class — and the gRPC status.
/// </summary>
public sealed class SparkException : DbException
{
    public SparkException(string message, StatusCode status, string? errorClass, string? sqlState, string? exceptionClass, Exception? inner)
        : base(message, inner)
    {
        Status = status;
        ErrorClass = errorClass;
        SparkSqlState = sqlState;
        ExceptionClass = exceptionClass;
    }

    /// <summary>The gRPC status of the failed call.</summary>
    public StatusCode Status { get; }

    /// <summary>Spark's error class (condition), when the server sent one.</summary>
    public string? ErrorClass { get; }

    /// <summary>Spark's SQLSTATE, when the server sent one.</summary>
    public string? SparkSqlState { get; }

    /// <summary>The JVM exception class, e.g. <c>org.apache.spark.sql.AnalysisException</c>.</summary>
    public string? ExceptionClass { get; }

    public override string? SqlState => SparkSqlState;
}
